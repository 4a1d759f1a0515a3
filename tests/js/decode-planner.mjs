// @ts-check
/* Planner data (JSON on standard input) decoded by the site's decoder, printed in the plain form
 * of helpers.mjs `plainGraph`: tests/test_learner.py checks the real catalogue's planner data with
 * it, so the Python tests keep no decoder of their own.
 *
 *     node tests/js/decode-planner.mjs < site/data/planner.json
 */

import { readFileSync } from "node:fs";
import { decodePlannerData } from "../../docs/assets/planner-data.js";
import { plainGraph } from "./helpers.mjs";

process.stdout.write(JSON.stringify(plainGraph(decodePlannerData(JSON.parse(readFileSync(0, "utf8"))))));
