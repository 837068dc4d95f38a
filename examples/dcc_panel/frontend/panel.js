// The outliner panel: everything goes through window.auroraview (no bundler needed).
const av = window.auroraview;
const list = document.getElementById('outliner');
const status = document.getElementById('status');
let selection = [];

function say(text, isError = false) {
  status.textContent = text;
  status.classList.toggle('error', isError);
}

function render(nodes) {
  list.replaceChildren(
    ...nodes.map((node) => {
      const li = document.createElement('li');
      li.dataset.name = node.name;
      li.classList.toggle('selected', selection.includes(node.name));
      const name = document.createElement('span');
      name.textContent = node.name;
      const type = document.createElement('span');
      type.className = 'type';
      type.textContent = node.type;
      li.append(name, type);
      return li;
    }),
  );
}

async function refresh() {
  render(await av.api.get_outliner());
}

function showSelection(items, source) {
  selection = items;
  for (const li of list.children) li.classList.toggle('selected', items.includes(li.dataset.name));
  document.getElementById('selection-source').textContent = source ? `from ${source}` : '';
}

list.addEventListener('click', async (event) => {
  const li = event.target.closest('li');
  if (!li) return;
  showSelection(await av.api.select({ names: [li.dataset.name] }), 'panel');
});

document.getElementById('rename-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = document.getElementById('rename-input');
  if (selection.length !== 1) return say('Select one node to rename', true);
  try {
    const result = await av.call('api.rename', { old_name: selection[0], new_name: input.value }, { timeout: 5000 });
    selection = [result.new];
    input.value = '';
    say(`Renamed ${result.old} → ${result.new}`);
    await refresh();
  } catch (error) {
    say(`${error.name}: ${error.message}`, true);
  }
});

document.getElementById('export-form').addEventListener('submit', (event) => {
  event.preventDefault();
  say('Exporting…');
  av.send_event('export_scene', { path: document.getElementById('export-path').value });
});

// Pushed from Python.
av.on('selection_changed', (data) => showSelection(data.items, data.source));
av.on('export_done', (data) => say(`Exported ${data.count} nodes to ${data.path}`));
av.on('export_failed', (data) => say(`Export failed: ${data.message}`, true));

refresh();
