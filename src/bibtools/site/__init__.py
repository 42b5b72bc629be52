"""The generated site: MyST builders, the paper card, pages, statistics and the figure."""
