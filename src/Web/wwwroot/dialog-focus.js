// MudBlazor's dialogs take the focus when they open but leave it on the page's body when they close, so a keyboard user
// would start again from the top of the page: give it back to the control that had it before the dialog opened.
(() => {
  const dialogs = '.mud-dialog-container';
  let before = null;
  let watching = null;

  document.addEventListener('focusin', event => {
    const target = event.target;
    if (!(target instanceof Element) || !target.closest(dialogs)) {
      before = target instanceof Element ? target : null;
      return;
    }

    if (watching) {
      return;
    }

    const opener = before;
    watching = new MutationObserver(() => {
      if (document.querySelector(dialogs)) {
        return;
      }

      watching.disconnect();
      watching = null;
      const focus = document.activeElement;
      if (opener?.isConnected && (!focus || focus === document.body)) {
        opener.focus();
      }
    });
    watching.observe(document.body, { childList: true, subtree: true });
  });
})();
