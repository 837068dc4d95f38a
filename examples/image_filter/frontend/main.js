// No bundler: the injected bridge provides window.__TAURI__.
const { pytauri } = window.__TAURI__;

const source = document.querySelector("#source");
const result = document.querySelector("#result");
const status = document.querySelector("#status");
const MAX_WIDTH = 640;

/** A test pattern, so the example works without picking a file. */
function drawPattern(canvas) {
  const ctx = canvas.getContext("2d");
  const { width, height } = canvas;
  const sky = ctx.createLinearGradient(0, 0, width, height);
  sky.addColorStop(0, "#ff7a18");
  sky.addColorStop(0.5, "#af002d");
  sky.addColorStop(1, "#319197");
  ctx.fillStyle = sky;
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = "#ffd400";
  ctx.beginPath();
  ctx.arc(width * 0.28, height * 0.4, height * 0.22, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = "#1d2330";
  ctx.fillRect(width * 0.55, height * 0.25, width * 0.3, height * 0.5);
  ctx.fillStyle = "#ffffff";
  ctx.font = `bold ${Math.round(height / 8)}px sans-serif`;
  ctx.fillText("pytauri_like", width * 0.06, height * 0.9);
}

async function applyFilter(filter) {
  const { width, height } = source;
  const pixels = source.getContext("2d").getImageData(0, 0, width, height);
  status.textContent = `${filter}: sending ${pixels.data.byteLength} bytes`;
  const started = performance.now();
  try {
    // --8<-- [start:call]
    // A Uint8Array body is sent as raw bytes; a `bytes` result arrives as an ArrayBuffer.
    const buffer = await pytauri.pyInvoke("apply_filter", new Uint8Array(pixels.data.buffer), {
      headers: { filter, width: String(width) },
    });
    result.width = width;
    result.height = height;
    const out = new ImageData(new Uint8ClampedArray(buffer), width, height);
    result.getContext("2d").putImageData(out, 0, 0);
    // --8<-- [end:call]
    const ms = Math.round(performance.now() - started);
    status.textContent = `${filter}: ${buffer.byteLength} bytes back in ${ms} ms`;
  } catch (error) {
    status.textContent = `error: ${error}`;
  }
}

document.querySelectorAll("[data-filter]").forEach((button) => {
  button.addEventListener("click", () => applyFilter(button.dataset.filter));
});

document.querySelector("#file").addEventListener("change", async (e) => {
  const file = e.target.files[0];
  if (file === undefined) return;
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, MAX_WIDTH / bitmap.width);
  source.width = Math.max(1, Math.round(bitmap.width * scale));
  source.height = Math.max(1, Math.round(bitmap.height * scale));
  source.getContext("2d").drawImage(bitmap, 0, 0, source.width, source.height);
  status.textContent = `loaded ${file.name}; pick a filter`;
});

drawPattern(source);
document.body.dataset.ready = "true";
