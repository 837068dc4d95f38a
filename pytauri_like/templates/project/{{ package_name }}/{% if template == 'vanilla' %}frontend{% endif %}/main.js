// No bundler, no build step: the bridge the app injects provides window.__TAURI__.
const { core, pytauri } = window.__TAURI__;

document.querySelector("#greet-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const name = document.querySelector("#name").value;
  const output = document.querySelector("#greeting");
  try {
    output.textContent = await pytauri.pyInvoke("greet", { name });
  } catch (error) {
    output.textContent = `Error: ${error}`;
  }
});

document.querySelector("#count").addEventListener("click", async () => {
  const bar = document.querySelector("#progress");
  const status = document.querySelector("#count-status");
  // Python sends each step over this channel while the command runs.
  const onProgress = new core.Channel((progress) => {
    bar.max = progress.total;
    bar.value = progress.done;
  });
  status.textContent = "";
  try {
    status.textContent = await pytauri.pyInvoke("count_to", { total: 10, on_progress: onProgress });
  } catch (error) {
    status.textContent = `Error: ${error}`;
  }
});
