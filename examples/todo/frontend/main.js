// No bundler: the injected bridge provides window.__TAURI__.
const { event, pytauri } = window.__TAURI__;

const $ = (selector) => document.querySelector(selector);
$("#window-label").textContent = window.__TAURI_INTERNALS__.metadata.currentWindow.label;

function render({ items }) {
  const list = $("#todos");
  list.replaceChildren(
    ...items.map((todo) => {
      const item = document.createElement("li");
      item.dataset.id = String(todo.id);
      item.classList.toggle("done", todo.done);
      const box = document.createElement("input");
      box.type = "checkbox";
      box.checked = todo.done;
      box.addEventListener("change", () => pytauri.pyInvoke("toggle_todo", { id: todo.id }));
      const label = document.createElement("span");
      label.textContent = todo.text;
      item.append(box, label);
      return item;
    }),
  );
  const left = items.filter((todo) => !todo.done).length;
  $("#count").textContent = `${left} left of ${items.length}`;
}

// --8<-- [start:listen]
// Every change, whichever window made it, arrives here; so each window renders only from
// events (and once from `list_todos` at start).
await event.listen("todos-changed", ({ payload }) => render(payload));
render(await pytauri.pyInvoke("list_todos"));

$("#clear").addEventListener("click", () => event.emit("clear-completed"));
// --8<-- [end:listen]

$("#add-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const text = $("#text").value.trim();
  if (text === "") return;
  $("#text").value = "";
  await pytauri.pyInvoke("add_todo", { text });
});

document.body.dataset.ready = "true";
