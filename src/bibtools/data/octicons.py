"""The octicon names a category's ``icon`` may use: sphinx-design's icon set (its
``compiled/octicons.json``, version 0.8.0; GitHub's Octicons, MIT licence).

``bibtools check`` must refuse a name the site's build would refuse, without the docs extra
installed, so the names are kept here; ``tests/test_taxonomy.py`` checks each one against the
installed sphinx-design.
"""

from __future__ import annotations

_NAMES = """
    accessibility accessibility-inset agent ai-model alert alert-fill apps archive arrow-both
    arrow-down arrow-down-left arrow-down-right arrow-left arrow-right arrow-switch arrow-up
    arrow-up-left arrow-up-right beaker bell bell-fill bell-slash blocked bold book book-locked
    bookmark bookmark-fill bookmark-filled bookmark-slash bookmark-slash-fill boolean-off
    boolean-on briefcase broadcast browser bug cache calendar chat chat-add chat-locked
    chat-question check check-agent check-circle check-circle-fill checkbox checkbox-fill
    checklist chevron-down chevron-left chevron-right chevron-up circle circle-slash clock
    clock-fill cloud cloud-offline code code-badge code-of-conduct code-review code-square
    codescan codescan-checkmark codespaces columns command-palette comment comment-ai
    comment-discussion comment-fill comment-locked commit compose container copilot
    copilot-error copilot-warning copy cpu credit-card cross-reference crosshairs cursor dash
    dashboard database dependabot desktop-download device-camera device-camera-video
    device-desktop device-mobile devices diamond dice diff diff-added diff-ignored diff-modified
    diff-removed diff-renamed discussion-closed discussion-duplicate discussion-outdated dot
    dot-fill download duplicate ellipsis exclamation eye eye-closed feed-discussion feed-forked
    feed-heart feed-issue-closed feed-issue-draft feed-issue-open feed-issue-reopen feed-merged
    feed-person feed-plus feed-public feed-pull-request-closed feed-pull-request-draft
    feed-pull-request-open feed-repo feed-rocket feed-star feed-tag feed-trophy file file-added
    file-badge file-binary file-check file-code file-diff file-directory file-directory-fill
    file-directory-open-fill file-directory-symlink file-media file-moved file-removed
    file-submodule file-symlink-file file-zip filter filter-remove fiscal-host flag flame
    flowchart focus-center fold fold-down fold-up gear gift git-branch git-branch-check
    git-closed-agent git-commit git-compare git-draft-agent git-merge git-merge-agent
    git-merge-queue git-pull-request git-pull-request-agent git-pull-request-closed
    git-pull-request-draft git-pull-request-locked git-pull-request-unlisted git-que-merge-agent
    globe goal grabber graph graph-bar-horizontal graph-bar-vertical graph-stacked-area hash
    heading heart heart-fill history home home-fill horizontal-rule hourglass hubot id-badge
    image inbox inbox-fill infinity info issue-closed issue-draft issue-locked issue-opened
    issue-relates-to issue-reopened issue-tracked-by issue-tracks italic iterations
    kebab-horizontal key key-asterisk law library light-bulb link link-external list-ordered
    list-unordered location lock lockup-github log logo-gist logo-github loop mail mark-github
    markdown maximize mcp megaphone mention meter milestone minimize mirror moon mortar-board
    move-to-bottom move-to-end move-to-start move-to-top multi-select mute no-entry
    no-entry-fill node north-star note number organization package package-dependencies
    package-dependents paintbrush paper-airplane paperclip passkey-fill paste pause pencil
    pencil-ai people person person-add person-cursor person-fill pin pin-slash pivot-column play
    plug plus plus-circle project project-check project-roadmap project-symlink project-template
    pulse question question-bubble quote read redo rel-file-path release reply repo repo-clone
    repo-delete repo-deleted repo-forked repo-forked-locked repo-locked repo-pull repo-push
    repo-template report rocket rows rss ruby sandbox screen-full screen-normal search server
    share share-android shield shield-check shield-lock shield-slash shield-x sidebar-collapse
    sidebar-expand sign-in sign-out single-select skip skip-fill sliders smiley smiley-frown
    smiley-frustrated smiley-grin smiley-neutral sort-asc sort-desc space spacing-large
    spacing-medium spacing-small sparkle sparkle-fill sparkles-fill split-view sponsor-tiers
    square square-circle square-fill squirrel stack stack-add stack-check stack-remove
    stack-slash star star-fill stop stopwatch strikethrough sun sync tab tab-external table tag
    tasklist telescope telescope-fill terminal terminal-locked three-bars thumbsdown thumbsup
    tools tracked-by-closed-completed tracked-by-closed-not-planned trash triangle
    triangle-circle triangle-down triangle-fill triangle-left triangle-right triangle-up trophy
    typography undo unfold unlink unlock unmute unread unverified unwrap upload verified
    versions video view-files vscode wall webhook workflow wrap x x-circle x-circle-fill zap
    zoom-in zoom-out
"""
OCTICONS = frozenset(_NAMES.split())
