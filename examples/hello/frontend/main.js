// No bundler: the injected bridge provides window.__TAURI__.
const { core, pytauri } = window.__TAURI__;

document.querySelector("#greet-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const name = document.querySelector("#name").value;
  try {
    document.querySelector("#greeting").textContent = await pytauri.pyInvoke("greet", { name });
  } catch (error) {
    document.querySelector("#greeting").textContent = `Error: ${error}`;
  }
});

document.querySelector("#count").addEventListener("click", async () => {
  document.querySelector("#counter").textContent = await pytauri.pyInvoke("increment");
});

document.querySelector("#job").addEventListener("click", async () => {
  const bar = document.querySelector("#progress");
  const onProgress = new core.Channel((p) => {
    bar.max = p.total;
    bar.value = p.done;
  });
  const status = await pytauri.pyInvoke("run_job", { steps: 100, on_progress: onProgress });
  document.querySelector("#job-status").textContent = status;
});
