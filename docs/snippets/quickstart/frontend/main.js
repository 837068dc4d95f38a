// The bridge the app injects into every page provides window.__TAURI__ (no bundler needed).
const { core, pytauri } = window.__TAURI__;

document.querySelector("#greet").addEventListener("click", async () => {
  const name = document.querySelector("#name").value;
  const greeting = await pytauri.pyInvoke("greet", { name });
  document.querySelector("#greeting").textContent = `${greeting.message} (${greeting.letters} letters)`;
});

document.querySelector("#count").addEventListener("click", async () => {
  const bar = document.querySelector("#bar");
  const onProgress = new core.Channel((progress) => {
    bar.value = progress.done;
  });
  const result = await pytauri.pyInvoke("count_to", { total: 20, on_progress: onProgress });
  document.querySelector("#counted").textContent = result;
});
