// A file, not inline: the Content-Security-Policy allows scripts from the server only.
// The console is a Dear ImGui program (app.wasm). This page gives it the canvas, tells it
// when the hash route changes, hands it pasted and composed text, and lets tests read what
// it drew.
var Module = {
  canvas: document.getElementById('canvas'),
  print: (t) => console.log(t),
  printErr: (t) => console.error(t),
  onRuntimeInitialized: () => {
    document.getElementById('loading').remove();
    Module.uiSnapshot = () => JSON.parse(UTF8ToString(Module._pcu_ui_snapshot()));
    Module.frameTimes = () => JSON.parse(UTF8ToString(Module._pcu_frame_times()));
    window.addEventListener('hashchange', () =>
      Module.ccall('pcu_route_changed', null, ['string'], [window.location.hash]));
    const insert = (t) => Module.ccall('pcu_insert_text', null, ['string'], [t]);
    document.addEventListener('paste', (e) => {
      const text = (e.clipboardData || window.clipboardData).getData('text');
      if (text) insert(text);
      e.preventDefault();
    });
    // Keys reach ImGui through GLFW's window listeners, whatever has the focus; typed
    // characters come with keypress. While a text field is edited a hidden textarea has the
    // focus and catches the text that comes without a keypress: IME compositions, dictation,
    // on-screen keyboards (and Playwright's insertText for characters off the US layout).
    const text = document.getElementById('text-input');
    window.addEventListener('keypress', (e) => { if (e.target === text) e.preventDefault(); }, true);
    text.addEventListener('input', (e) => {
      if (e.isComposing) return;
      if (e.inputType === 'insertText' && e.data) insert(e.data);
      text.value = '';
    });
    text.addEventListener('compositionend', (e) => {
      if (e.data) insert(e.data);
      text.value = '';
    });
    Module.pcuTextInput = (wanted) => {
      const target = wanted ? text : Module.canvas;
      if (document.activeElement !== target) target.focus({ preventScroll: true });
    };
    Module.pcuPlaceTextInput = (x, y) => { text.style.left = x + 'px'; text.style.top = y + 'px'; };
    Module.canvas.focus();
    window.pcuReady = true;
  },
};
Module.canvas.addEventListener('contextmenu', (e) => e.preventDefault());
