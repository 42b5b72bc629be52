"""The data: its contract, the immutable model, the taxonomy, loading, keys and rules."""
