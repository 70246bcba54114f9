// The one page script, plain fetch, no framework: a <form data-api> or <button data-api> sends
// its fields (a button: its data-body) as JSON to the console's /api (method in data-method),
// shows the answer in the element data-result names (class busy, then ok or bad), and reloads
// the page on success when data-reload is set, or goes to data-go. Every change carries the
// session's CSRF token (<meta name="csrf-token">, present when the console asks for a login). An input with data-time turns "now" or a local date-time into epoch ms;
// {name} in data-api is filled from the field of that name.
export const PAGE_SCRIPT = `
(() => {
  const csrf = document.querySelector('meta[name="csrf-token"]')?.getAttribute("content");
  const show = (el, text, cls) => { if (el) { el.textContent = text; el.className = cls; } };
  const epochMs = (v) => (v === "now" ? Date.now() : /^-?\\d+$/.test(v) ? Number(v) : new Date(v).getTime());
  // data-api="/api/consumers/{group}/reset-offset": {name} is taken from the body.
  const pathOf = (api, body) => api.replace(/\\{(\\w+)\\}/g, (_, k) => { const v = body[k]; delete body[k]; return encodeURIComponent(v ?? ""); });
  async function call(el, body) {
    if (el.dataset.confirm && !confirm(el.dataset.confirm)) return;
    const out = document.querySelector(el.dataset.result || "#result");
    show(out, "working…", "busy");
    try {
      const headers = body ? { "content-type": "application/json" } : {};
      if (csrf) headers["x-csrf-token"] = csrf;
      const res = await fetch(pathOf(el.dataset.api, body || {}), { method: el.dataset.method || "POST",
        headers, body: body ? JSON.stringify(body) : undefined });
      const answer = await res.json();
      show(out, res.ok ? JSON.stringify(answer, null, 1) : (answer.error || res.statusText), res.ok ? "ok" : "bad");
      if (res.ok && el.dataset.reload !== undefined) location.reload();
      if (res.ok && el.dataset.go !== undefined) location.href = el.dataset.go;
    } catch (e) { show(out, String(e), "bad"); }
  }
  document.addEventListener("submit", (ev) => {
    const form = ev.target;
    if (!form.dataset.api) return;
    ev.preventDefault();
    const body = {};
    for (const input of form.querySelectorAll("input,select,textarea")) {
      if (!input.name || input.value === "") continue;
      body[input.name] = input.type === "number" ? Number(input.value) : input.type === "checkbox" ? input.checked
        : input.dataset.time !== undefined ? epochMs(input.value) : input.value;
    }
    call(form, body);
  });
  document.addEventListener("click", (ev) => {
    const b = ev.target.closest("button[data-api]");
    if (b && !b.form) call(b, b.dataset.body ? JSON.parse(b.dataset.body) : undefined);
  });
})();
`;
