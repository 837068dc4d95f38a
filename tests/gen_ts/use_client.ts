// Uses the client generated from tricky_app.py; `tsc --strict` must accept every line, and
// each `@ts-expect-error` proves a type is precise (not `any`).
import { Channel } from "@tauri-apps/api/core";
import {
  commands,
  delete_,
  echo_bytes,
  greet,
  pair,
  ping,
  type Progress,
  run_job,
  streamOnly,
  type TreeOutput,
  tree_roundtrip,
} from "./client";

export async function useClient(): Promise<void> {
  const hello: string = await greet({ name: "Ada" });
  const onProgress = new Channel<Progress>((p) => {
    const total: number = p.total;
    void total;
  });
  const tree: TreeOutput = await run_job({
    color: "red",
    pet: { kind: "dog", good: true },
    on_progress: onProgress,
    "weird-key": 1,
    tags: { a: [[1, "x"]] },
    point: { x: 1, y: 2 },
    level: 2,
  });
  const children: TreeOutput[] = tree.children;
  const buffer: ArrayBuffer = await echo_bytes(new Uint8Array([1, 2]));
  const alsoBuffer: ArrayBuffer = await echo_bytes(new ArrayBuffer(4));
  const nothing: null = await ping();
  const colors: ("red" | "green")[] = await delete_(null);
  const streamed: Record<string, Progress> = await streamOnly(onProgress);
  const roundtrip: TreeOutput = await tree_roundtrip({ label: "root", children: [{ label: "leaf" }] });
  const pet = await pair([1, "x"]);
  if (pet !== null && pet.kind === "cat") {
    const lives: number = pet.lives;
    void lives;
  }
  void [hello, children, buffer, alsoBuffer, nothing, colors, streamed, roundtrip];
  void commands.delete;
  void commands["stream-only"];

  // @ts-expect-error: `color` must be one of the enum's values.
  await run_job({ color: "blue", pet: { kind: "cat", lives: 1 }, on_progress: onProgress });
  // @ts-expect-error: `on_progress` is a Channel, not a string.
  await run_job({ color: "red", pet: { kind: "cat", lives: 1 }, on_progress: "x" });
  // @ts-expect-error: the result of a bytes command is an ArrayBuffer.
  const wrong: string = await echo_bytes(new Uint8Array());
  // @ts-expect-error: a JSON command does not take bytes.
  await tree_roundtrip(new Uint8Array());
  // @ts-expect-error: ping takes no body.
  await ping({}, { headers: {} });
  void wrong;
}
