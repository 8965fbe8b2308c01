// An invite link carries its token after '#': a browser never sends the fragment, so the token stays out of the
// server's and any proxy's request logs. The invite page's form takes it from here and posts it in its body.
(() => {
  const fill = () => {
    const field = document.getElementById('inviteToken');
    // The link's token wins over one kept from a refused post: it is what the visitor just opened.
    if (field && location.hash.length > 1) {
      field.value = decodeURIComponent(location.hash.slice(1));
    }
  };
  fill();
  document.addEventListener('DOMContentLoaded', fill);
})();
