// Inside the shadow root: the page's styles don't reach in (`all: initial` stops inherited ones) and these don't leak out.
export const styles = `
:host { all: initial; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
.root { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1f24; }
.launcher { position: fixed; bottom: 20px; z-index: 2147483000; width: 56px; height: 56px; border-radius: 50%; border: 0;
  background: var(--pw-primary); color: var(--pw-on-primary); box-shadow: 0 4px 14px rgba(0,0,0,.25); cursor: pointer;
  display: grid; place-items: center; }
.launcher svg { width: 28px; height: 28px; fill: currentColor; }
.right .launcher, .right .panel { right: 20px; }
.left .launcher, .left .panel { left: 20px; }
button:focus-visible, a:focus-visible, textarea:focus-visible, input:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
.panel { position: fixed; bottom: 88px; z-index: 2147483000; width: 380px; height: min(620px, calc(100vh - 110px)); background: #fff;
  border-radius: 14px; box-shadow: 0 10px 40px rgba(0,0,0,.28); display: flex; flex-direction: column; overflow: hidden; }
header { background: var(--pw-primary); color: var(--pw-on-primary); padding: 12px 14px; display: flex; align-items: center; gap: 8px; }
header h2 { font-size: 16px; margin: 0; flex: 1; font-weight: 600; }
.icon { background: transparent; border: 0; color: inherit; font-size: 22px; line-height: 1; cursor: pointer; padding: 4px 8px; border-radius: 6px; }
.status { font-size: 13px; padding: 6px 14px; background: #fff4ce; color: #5c4400; }
.status:empty { display: none; }
.scroll { flex: 1; overflow-y: auto; overflow-x: hidden; padding: 14px; display: flex; flex-direction: column; gap: 10px; }
.log { margin: 0; padding: 0; list-style: none; display: flex; flex-direction: column; gap: 10px; }
.cards { display: flex; flex-direction: column; gap: 10px; }
.cards:empty { display: none; }
.msg { max-width: 85%; padding: 8px 12px; border-radius: 14px; overflow-wrap: anywhere; }
.msg p { margin: 0 0 .5em; } .msg p:last-child { margin-bottom: 0; }
.msg ul, .msg ol { margin: 0 0 .5em; padding-left: 1.3em; }
.msg code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 13px; background: rgba(0,0,0,.07); padding: 0 3px; border-radius: 4px; }
.msg a { color: inherit; }
.visitor { align-self: flex-end; background: var(--pw-primary); color: var(--pw-on-primary); border-bottom-right-radius: 4px; }
.bot, .agent { align-self: flex-start; background: #f1f3f5; border-bottom-left-radius: 4px; }
.agent { background: #e6f4ea; }
.system { align-self: center; font-size: 13px; color: #57606a; text-align: center; }
.who { display: block; font-size: 12px; color: #57606a; margin-bottom: 2px; }
.pending { opacity: .7; }
.typing::after { content: "▍"; animation: blink 1s steps(1) infinite; }
@keyframes blink { 50% { opacity: 0; } }
.sources { margin: 6px 0 0; padding: 6px 0 0; border-top: 1px solid #d8dee4; font-size: 13px; }
.sources ol { margin: 2px 0 0; padding-left: 1.2em; }
.choices { display: flex; flex-direction: column; align-items: flex-start; gap: 4px; margin-top: 6px; }
.choices button { text-align: left; font-size: 14px; }
.choices button[aria-pressed="true"] { background: var(--pw-primary); color: var(--pw-on-primary); border-color: var(--pw-primary); }
.feedback { display: flex; gap: 4px; align-items: center; margin-top: 4px; font-size: 13px; color: #57606a; flex-wrap: wrap; }
.feedback button { background: #fff; color: #57606a; border: 1px solid #d0d7de; border-radius: 6px; cursor: pointer; padding: 3px 7px; line-height: 0; }
.feedback svg { width: 15px; height: 15px; fill: currentColor; }
.feedback svg.down { transform: rotate(180deg); }
.feedback form button { line-height: 1.2; font-size: 13px; color: #1b1f24; }
.feedback button[aria-pressed="true"] { background: var(--pw-primary); color: var(--pw-on-primary); border-color: var(--pw-primary); }
.feedback form { display: flex; gap: 4px; width: 100%; margin-top: 4px; }
.feedback input { flex: 1; min-width: 0; }
.card { border: 1px solid #d0d7de; border-radius: 10px; padding: 10px; background: #fff; font-size: 14px; }
.card form { display: flex; flex-direction: column; gap: 6px; }
.card fieldset { border: 0; padding: 0; margin: 0; display: flex; gap: 4px; flex-wrap: wrap; }
.card legend { margin-bottom: 4px; }
input, textarea { font: inherit; border: 1px solid #8c959f; border-radius: 8px; padding: 6px 8px; color: #1b1f24; background: #fff; }
.primary { background: var(--pw-primary); color: var(--pw-on-primary); border: 0; border-radius: 8px; padding: 8px 14px; font: inherit; font-weight: 600; cursor: pointer; }
.secondary { background: #fff; color: #1b1f24; border: 1px solid #8c959f; border-radius: 8px; padding: 6px 10px; font: inherit; cursor: pointer; }
.composer { border-top: 1px solid #d8dee4; padding: 10px; display: flex; flex-direction: column; gap: 6px; }
.composer .row { display: flex; gap: 8px; align-items: flex-end; }
.composer textarea { flex: 1; resize: none; min-width: 0; max-height: 120px; }
.person { align-self: flex-start; font-size: 13px; padding: 4px 10px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media (max-width: 480px), (max-height: 520px) {
  .panel { inset: 0 !important; width: 100%; height: 100%; border-radius: 0; }
  .open .launcher { display: none; }
}
@media (prefers-reduced-motion: reduce) { .typing::after { animation: none; } }
`;
