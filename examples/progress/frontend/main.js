// No bundler: the injected bridge provides window.__TAURI__.
const { core, event, pytauri } = window.__TAURI__;

const $ = (selector) => document.querySelector(selector);
let controller = null;

// Python emits `download-ended` from its `finally` block, so this also proves that an
// aborted call really stopped the Python task.
await event.listen("download-ended", ({ payload }) => {
  const item = document.createElement("li");
  item.textContent = `${payload.outcome} after ${payload.received} bytes`;
  $("#log").append(item);
});

$("#download-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  controller = new AbortController();
  $("#start").disabled = true;
  $("#cancel").disabled = false;
  $("#status").textContent = "downloading";

  const onProgress = new core.Channel(({ received, total }) => {
    $("#bar").max = total;
    $("#bar").value = received;
    $("#received").textContent = `${received} / ${total} bytes`;
  });
  const body = {
    size: Number($("#size").value) * 1024 * 1024,
    chunk_delay_ms: Number($("#delay").value),
    on_progress: onProgress,
  };
  try {
    const result = await pytauri.pyInvoke("download", body, { signal: controller.signal });
    $("#status").textContent = `finished: ${result.size} bytes, sha256 ${result.sha256}`;
  } catch (error) {
    $("#status").textContent = error.name === "AbortError" ? "cancelled" : `error: ${error}`;
  } finally {
    $("#start").disabled = false;
    $("#cancel").disabled = true;
  }
});

$("#cancel").addEventListener("click", () => controller?.abort());

document.body.dataset.ready = "true";
