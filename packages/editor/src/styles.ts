/** The editor's look, scoped under `.cx-editor`; injected once per document. */
const css = `
.cx-editor{position:relative;display:flex;flex-direction:column;height:100%;min-height:200px;font:13px/1.4 system-ui,sans-serif;color:#1d2330;background:#fff;border:1px solid #c9ced8;outline:none;box-sizing:border-box}
.cx-editor:focus-within{border-color:#3b6fd8}
.cx-editor *{box-sizing:border-box}
.cx-scroller{flex:1;overflow:auto;position:relative;min-height:0}
.cx-spacer{position:relative}
.cx-rows{position:sticky;top:0;left:0;right:0;overflow:hidden;will-change:transform}
.cx-rows-inner{will-change:transform}
.cx-row{display:flex;flex-wrap:wrap;align-items:center;min-height:24px;padding:1px 8px 1px 0;white-space:nowrap;cursor:default;user-select:none}
.cx-row[aria-selected=true]{background:#dce7fb}
.cx-row.cx-match .cx-key,.cx-row.cx-match .cx-value{background:#fff2a8}
.cx-row.cx-drop-before{box-shadow:inset 0 2px 0 #3b6fd8}
.cx-row.cx-drop-after{box-shadow:inset 0 -2px 0 #3b6fd8}
.cx-indent{flex:none}
.cx-handle{flex:none;width:14px;color:#9aa3b5;cursor:grab;text-align:center;touch-action:none}
.cx-toggle{flex:none;width:18px;height:18px;padding:0;border:0;background:none;color:#4a5570;cursor:pointer;font-size:11px}
.cx-toggle:disabled{visibility:hidden}
.cx-key{color:#7b3aa6;margin-right:6px}
.cx-key.cx-index{color:#8a93a6}
.cx-required{color:#c62828;margin:0 6px 0 -4px}
.cx-required:empty{display:none}
.cx-summary{color:#8a93a6}
.cx-value{color:#13653f;overflow:hidden;text-overflow:ellipsis;max-width:60%}
.cx-value.cx-number{color:#1e4fb4}.cx-value.cx-boolean{color:#b45309}.cx-value.cx-null{color:#8a93a6}
.cx-value.cx-enum::after{content:" ▾";color:#8a93a6}
.cx-input{font:inherit;padding:0 4px;border:1px solid #3b6fd8;min-width:12em}
.cx-type{flex:none;margin-left:auto;padding:0 4px;border:0;background:none;color:#9aa3b5;font-size:11px;cursor:pointer}
.cx-row:hover .cx-type,.cx-row[aria-selected=true] .cx-type{color:#4a5570}
.cx-error-mark{flex:none;color:#c62828;margin-left:6px}
.cx-error{flex-basis:100%;color:#c62828;font-size:12px;white-space:normal}
.cx-description{flex-basis:100%;color:#6b7487;font-size:12px;white-space:normal}
.cx-invalid{border-color:#c62828;background:#fdecec}
.cx-findbar[hidden]{display:none}
.cx-findbar{display:flex;gap:6px;align-items:center;padding:4px 8px;border-bottom:1px solid #c9ced8;background:#f5f7fb}
.cx-findbar input{flex:1;font:inherit}
.cx-problems{border-top:1px solid #c9ced8;max-height:30%;overflow:auto;background:#fff8f8}
.cx-problems summary{padding:2px 8px;color:#c62828;cursor:pointer}
.cx-problems button{display:block;width:100%;text-align:left;border:0;background:none;padding:2px 16px;font:inherit;cursor:pointer}
.cx-problems button:hover,.cx-problems button:focus{background:#fdecec}
.cx-popup{position:absolute;z-index:10;top:32px;left:50%;transform:translateX(-50%);max-height:80%;overflow:auto;background:#fff;border:1px solid #c9ced8;box-shadow:0 4px 16px rgba(0,0,0,.15);padding:8px;min-width:260px}
.cx-popup h2{font-size:13px;margin:0 0 6px}
.cx-popup table{border-collapse:collapse}
.cx-popup td{padding:1px 8px}
.cx-popup kbd{font:11px monospace;border:1px solid #c9ced8;border-radius:3px;padding:0 3px}
.cx-popup button{display:block;width:100%;text-align:left;font:inherit;border:0;background:none;padding:2px 6px;cursor:pointer}
.cx-popup button:hover,.cx-popup button:focus{background:#dce7fb}
.cx-popup input{font:inherit;width:100%}
`;

const injected = new WeakSet<Document>();

export function injectStyles(document: Document): void {
  if (injected.has(document)) return;
  injected.add(document);
  const style = document.createElement('style');
  style.dataset.capsuleEditor = '';
  style.textContent = css;
  document.head.append(style);
}
