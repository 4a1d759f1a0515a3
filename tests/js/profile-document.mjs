// @ts-check
/* A skills profile's two downloads made by the site's own code (skills-profile.js), for
 * tests/test_profile.py, which validates the JSON against its schema on the real catalogue and
 * keeps no profile builder of its own. Standard input: {planner, profile, have, held, site,
 * address, schema, created, generated}; standard output: {document, text}.
 *
 *     node tests/js/profile-document.mjs < input.json
 */

import { readFileSync } from "node:fs";
import { decodePlannerData } from "../../docs/assets/planner-data.js";
import { buildProfile, decodeProfileData, profileDocument, profileText } from "../../docs/assets/skills-profile.js";

const input = JSON.parse(readFileSync(0, "utf8"));
const data = decodePlannerData(input.planner);
const profile = buildProfile({ have: input.have, held: input.held }, data, decodeProfileData(input.profile));
const options = { site: input.site, address: input.address, schema: input.schema, created: new Date(input.created), generated: input.generated };
process.stdout.write(JSON.stringify({ document: profileDocument(profile, data, options), text: profileText(profile, data) }));
