// @ts-check
/* front-coding.js decodes what the generator's encoder (learner.front_code) wrote: whole lists,
 * and each block on its own (the planner decodes only the blocks it needs). */

import assert from "node:assert/strict";
import { test } from "node:test";
import { decode, decodeOne } from "../../docs/assets/front-coding.js";
import { vector } from "./helpers.mjs";

/** @type {{block: number, values: string[], coded: string[]}[]} */
const cases = vector("front-coding.json").cases;

test("every list the encoder wrote decodes to the values it was given", () => {
  assert.ok(cases.length > 300);
  for (const { values, coded } of cases) assert.deepEqual(decode(coded), values);
});

test("each block decodes on its own", () => {
  for (const { block, values, coded } of cases) {
    for (let start = 0; start < values.length; start += block) {
      assert.deepEqual(decode(coded.slice(start, start + block)), values.slice(start, start + block));
    }
  }
});

test("a prefix is counted in UTF-16 units, and a value that only looks coded is itself", () => {
  assert.equal(decodeOne("3:c", "ab\u{1F600}"), "ab\uD83Dc"); // the encoder never splits a pair: this shows the unit
  assert.equal(decodeOne("4:b", "\u{1F600}\u{1F600}a"), "\u{1F600}\u{1F600}b");
  assert.equal(decodeOne("12ab", "anything"), "12ab");
  assert.equal(decodeOne(":x", "anything"), ":x");
  assert.equal(decodeOne("0:3:x", "anything"), "3:x");
  assert.equal(decodeOne("", "anything"), "");
});
