// alscriteria's page: enter a case, see the result as you type. Plain JavaScript, no library,
// nothing fetched but this server's own API. The page never decides or words anything: the
// categories, red flags, plan and body map come from the server's engine and wording (the
// chart page's own view-model), and the case is checked there with the CLI's messages.
"use strict";

const TRISTATE = ["progression", "other_causes_excluded", "motor_symptoms"];
const FINDINGS = [
  "fibrillation_potentials", "positive_sharp_waves",
  "fasciculation_potentials", "chronic_neurogenic_change",
];
const FINDING_WORDS = {
  fibrillation_potentials: "fibrillation potentials",
  positive_sharp_waves: "positive sharp waves",
  fasciculation_potentials: "fasciculation potentials",
  chronic_neurogenic_change: "chronic neurogenic change",
};
const LIMB_REGIONS = ["cervical", "lumbosacral"];
const SIDES = ["left", "right"];
const LIMB_WORDS = {
  "cervical-left": "Left arm", "cervical-right": "Right arm",
  "lumbosacral-left": "Left leg", "lumbosacral-right": "Right leg",
};
// The case's top-level fields this page edits; any other field of an opened case is kept.
const EDITED = [
  "id", ...TRISTATE, "alternative_diagnosis", "regions", "emg",
  "contraindications", "nerve_conduction",
];
const DEBOUNCE_MS = 250;
// What a study of a muscle outside the catalogue gives itself (the catalogue gives the rest).
const OWN_ANATOMY = ["region", "roots", "nerve"];

let vocab = null;
let extras = { top: {}, regions: {}, sides: {} };
let openedHistory = null; // {name, text} while a history is shown
let timer = null;
let asked = 0;
let refused = null; // the server's answer while it refuses the case on the page
let savedCase = null; // the case as last opened, started or saved: edits since are unsaved

const $ = (id) => document.getElementById(id);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "text") node.textContent = value;
    else if (key === "className") node.className = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) {
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
  }
  return node;
}

function checkbox(id, label, name) {
  const box = el("input", { type: "checkbox", id, "data-value": name });
  return el("label", { for: id, className: "check" }, box, " " + label);
}

// ---- the form, built from the server's vocabulary --------------------------------------

function buildRegions() {
  const grid = $("region-grid");
  const labels = vocab.labels;
  for (const region of vocab.regions) {
    const r = region.id;
    const card = el("fieldset", { className: "region", id: `region-${r}` });
    card.append(el("legend", { text: region.label }));
    card.append(checkbox(`r-${r}-examined`, "Examined", "examined"));
    const umn = el("div", { className: "signs", role: "group", "aria-label": `${r}: UMN signs` });
    umn.append(el("span", { className: "group-label", text: "UMN signs" }));
    for (const sign of region.umn_signs) {
      umn.append(checkbox(`r-${r}-umn-${sign}`, labels.umn_signs[sign], sign));
    }
    card.append(umn);
    card.append(lmnGroup(`r-${r}-lmn`, `${r}: clinical LMN signs`, "Clinical LMN signs"));
    if (LIMB_REGIONS.includes(r)) {
      card.append(checkbox(`r-${r}-perlimb`, "LMN signs per limb", "perlimb"));
      const limbs = el("div", { className: "per-limb", id: `r-${r}-limbs`, hidden: true });
      for (const side of SIDES) {
        const limb = LIMB_WORDS[`${r}-${side}`];
        limbs.append(lmnGroup(`r-${r}-${side}-lmn`, `${limb}: clinical LMN signs`, limb));
      }
      card.append(limbs);
    }
    grid.append(card);
  }
}

function lmnGroup(prefix, aria, title) {
  const group = el("div", { className: "signs", id: prefix, role: "group", "aria-label": aria });
  group.append(el("span", { className: "group-label", text: title }));
  for (const [sign, label] of Object.entries(vocab.labels.lmn_signs)) {
    group.append(checkbox(`${prefix}-${sign}`, label, sign));
  }
  return group;
}

function showLimbs(r, shown) {
  $(`r-${r}-limbs`).hidden = !shown;
  $(`r-${r}-lmn`).querySelector(".group-label").textContent =
    shown ? "Clinical LMN signs, side not recorded" : "Clinical LMN signs";
}

function buildLimbs() {
  for (const [kind, box] of [["lymphedema", "limbs-lymphedema"], ["skin_infection", "limbs-skin"]]) {
    for (const [key, words] of Object.entries(LIMB_WORDS)) {
      $(box).append(checkbox(`c-${kind}-${key}`, words, key));
    }
  }
}

function buildReadings() {
  const box = $("reading-fields");
  // the clinic's words for each option and value are the server's (the CLI's and the chart
  // page's wording); the value sent is the option's own name
  for (const [name, values] of Object.entries(vocab.readings)) {
    const id = `reading-${name}`;
    const words = vocab.reading_words[name];
    const select = el("select", { id, "data-reading": name });
    values.forEach((v, i) => select.append(el("option", { value: v, text: i ? words.values[v] : `${words.values[v]} (default)` })));
    box.append(el("div", { className: "row" }, el("label", { for: id, text: words.title }), select));
  }
}

function buildMuscleList() {
  const list = $("muscle-names");
  for (const m of vocab.muscles) {
    list.append(el("option", { value: m.name, label: `${m.region}, ${m.roots.join(", ")}` }));
    for (const alias of m.aliases) list.append(el("option", { value: alias, label: m.name }));
  }
}

// The case reader's matching form of a muscle name (regions/catalogue.py alias_form).
function aliasForm(name) {
  return name.toLowerCase().replace(/[._\-()]/g, " ").split(/\s+/).filter(Boolean).join(" ");
}

function muscleOf(name) {
  const key = vocab.names[aliasForm(name)];
  return key ? vocab.muscles.find((m) => m.key === key) : null;
}

// ---- EMG and conduction-block rows -------------------------------------------------------

let rowCount = 0;

// `opened`: the row comes from a file, where a finding left out stays left out (unknown)
// until the user marks it; a row added here records each finding as found or not.
function addMuscleRow(study = {}, opened = false) {
  const n = ++rowCount;
  const tr = el("tr", { className: "emg-row", id: `m-${n}` });
  const kept = {};
  for (const [key, value] of Object.entries(study)) {
    if (!["muscle", "side", ...OWN_ANATOMY, ...FINDINGS].includes(key)) kept[key] = value;
  }
  tr.dataset.kept = JSON.stringify(kept);
  tr.dataset.unset = JSON.stringify(opened ? FINDINGS.filter((f) => !(f in study)) : []);
  const known = study.muscle ? muscleOf(String(study.muscle)) : null;
  const name = el("input", {
    type: "text", id: `m-${n}-muscle`, list: "muscle-names", autocomplete: "off",
    "aria-label": `Muscle ${n}`, value: known ? known.name : (study.muscle ?? ""),
  });
  const resolved = el("span", { className: "resolved hint", id: `m-${n}-resolved` });
  name.setAttribute("aria-describedby", `${resolved.id} m-${n}-problems`);
  const own = ownAnatomyRow(n, study);
  name.addEventListener("input", () => describeMuscle(name, resolved, own));
  describeMuscle(name, resolved, own);
  const side = el("select", { id: `m-${n}-side`, "aria-label": `Muscle ${n} side` },
    el("option", { value: "", text: "—" }),
    el("option", { value: "left", text: "left" }),
    el("option", { value: "right", text: "right" }));
  side.value = study.side ?? "";
  tr.append(el("td", {}, name, resolved), el("td", {}, side));
  for (const finding of FINDINGS) {
    const box = el("input", {
      type: "checkbox", id: `m-${n}-${finding}`, "data-finding": finding,
      "aria-label": `Muscle ${n}: ${FINDING_WORDS[finding]}`,
    });
    box.checked = study[finding] === true;
    box.addEventListener("change", () => {
      const unset = JSON.parse(tr.dataset.unset).filter((f) => f !== finding);
      tr.dataset.unset = JSON.stringify(unset);
    });
    tr.append(el("td", { className: "finding" }, box));
  }
  const remove = el("button", { type: "button", className: "remove", "aria-label": `Remove muscle ${n}`, text: "×" });
  remove.addEventListener("click", () => { tr.remove(); own.remove(); $("f-add-muscle").focus(); changed(); });
  tr.append(el("td", {}, remove));
  $("emg-rows").append(tr, own);
  return tr;
}

// A muscle outside the catalogue brings its own region, roots and nerve (A.2: independence
// is decided by roots and nerve): the row under it asks for them while the name is not a
// catalogue name, and shows the server's messages about the study (field named, allowed
// values) beside it.
function ownAnatomyRow(n, study) {
  const region = el("select", { id: `m-${n}-region`, "data-own": "region" },
    el("option", { value: "", text: "choose…" }));
  for (const r of vocab.regions) region.append(el("option", { value: r.id, text: r.label }));
  region.value = study.region ?? "";
  const roots = el("input", {
    type: "text", id: `m-${n}-roots`, "data-own": "roots", autocomplete: "off",
    placeholder: "C5, C6", value: (study.roots || []).join(", "),
  });
  const nerve = el("input", {
    type: "text", id: `m-${n}-nerve`, "data-own": "nerve", autocomplete: "off",
    placeholder: "dorsal scapular", value: study.nerve ?? "",
  });
  const problems = el("ul", { className: "row-problems", id: `m-${n}-problems` });
  for (const field of [region, roots, nerve]) field.setAttribute("aria-describedby", problems.id);
  const fields = el("div", { className: "own-anatomy", role: "group", "aria-label": `Muscle ${n}: outside the catalogue` },
    el("span", { className: "own-title", id: `m-${n}-own-title`, text: "Outside the catalogue: its own anatomy" }),
    el("span", { className: "own-field" }, el("label", { for: region.id, text: "Region" }), region),
    el("span", { className: "own-field" }, el("label", { for: roots.id, text: "Roots" }), roots),
    el("span", { className: "own-field" }, el("label", { for: nerve.id, text: "Nerve" }), nerve));
  return el("tr", { className: "emg-own", id: `m-${n}-own` }, el("td", { colspan: "7" }, fields, problems));
}

function describeMuscle(input, out, own) {
  const text = input.value.trim();
  const m = text ? muscleOf(text) : null;
  const outside = Boolean(text) && !m;
  // outside the catalogue the hint is red only while the row still lacks some of its anatomy
  const lacking = OWN_ANATOMY.filter((f) => {
    const field = own.querySelector(`[data-own=${f}]`);
    return !field || !field.value.trim();
  });
  out.textContent = !text ? "" : m ? `${m.name}: ${m.region}, ${m.roots.join(", ")}; ${m.nerve}`
    : lacking.length ? `not in the catalogue: give its ${lacking.join(", ")} below`
      : "not in the catalogue: its own region, roots and nerve are below";
  out.classList.toggle("unknown", outside && lacking.length > 0);
  own.querySelector(".own-anatomy").hidden = !outside;
  own.hidden = !outside && !own.querySelector(".row-problems").childElementCount;
}

// The study's own anatomy as the case format takes it: only what was given, so a field left
// empty is named by the server as missing rather than sent as an empty value.
function ownAnatomy(tr) {
  const own = $(`${tr.id}-own`);
  const study = {};
  const region = own.querySelector("[data-own=region]").value;
  if (region) study.region = region;
  const roots = own.querySelector("[data-own=roots]").value.split(/[,;\s]+/).filter(Boolean);
  if (roots.length) study.roots = roots;
  const nerve = own.querySelector("[data-own=nerve]").value.trim();
  if (nerve) study.nerve = nerve;
  return study;
}

// The server's messages about emg[i] (and its fields) beside the row that sent it.
function showRowProblems(messages) {
  for (const list of document.querySelectorAll("#emg-rows .row-problems")) list.replaceChildren();
  for (const field of document.querySelectorAll("#emg-rows [aria-invalid]")) field.removeAttribute("aria-invalid");
  for (const message of messages) {
    const match = /^emg\[(\d+)\](?:\.(\w+))?:/.exec(message);
    const tr = match && document.querySelector(`#emg-rows tr.emg-row[data-index="${match[1]}"]`);
    if (!tr) continue;
    $(`${tr.id}-problems`).append(el("li", { text: message }));
    const field = match[2] && $(`${tr.id}-own`).querySelector(`[data-own=${match[2]}]`);
    (field || tr.querySelector("input[type=text]")).setAttribute("aria-invalid", "true");
  }
  for (const tr of document.querySelectorAll("#emg-rows tr.emg-row")) {
    describeMuscle(tr.querySelector("input[type=text]"), $(`${tr.id}-resolved`), $(`${tr.id}-own`));
  }
}

function addFromEntry() {
  const input = $("f-add-muscle");
  const text = input.value.trim();
  if (!text) { $("add-muscle-note").textContent = "Type a muscle's name or alias first."; return; }
  const m = muscleOf(text);
  const row = addMuscleRow({ muscle: m ? m.key : text, side: $("f-add-side").value || undefined });
  $("add-muscle-note").textContent = m ? `Added ${m.name}.` : `Added "${text}": not in the catalogue; give its region, roots and nerve.`;
  input.value = "";
  // a muscle outside the catalogue is asked its anatomy first, a catalogue one its findings
  (m ? row.querySelector("input[type=checkbox]") : $(`${row.id}-region`)).focus();
  changed();
}

function addBlockRow(block = {}) {
  const n = ++rowCount;
  const tr = el("tr", { className: "block-row" });
  const nerve = el("input", { type: "text", id: `b-${n}-nerve`, "aria-label": `Block ${n}: nerve`, placeholder: "nerve", value: block.nerve ?? "" });
  const segment = el("input", { type: "text", id: `b-${n}-segment`, "aria-label": `Block ${n}: segment`, placeholder: "segment", value: block.segment ?? "" });
  const site = el("input", { type: "checkbox", id: `b-${n}-site`, "aria-label": `Block ${n}: at an entrapment site` });
  site.checked = block.at_entrapment_site === true;
  const remove = el("button", { type: "button", className: "remove", "aria-label": `Remove block ${n}`, text: "×" });
  remove.addEventListener("click", () => { tr.remove(); $("add-block").focus(); changed(); });
  const hint = el("span", { className: "row-hint", id: `b-${n}-hint`, "aria-live": "polite" });
  nerve.setAttribute("aria-describedby", hint.id);
  segment.setAttribute("aria-describedby", hint.id);
  tr.append(el("td", {}, nerve, hint), el("td", {}, segment), el("td", { className: "finding" }, site), el("td", {}, remove));
  $("block-rows").append(tr);
  return tr;
}

// ---- form <-> Case JSON -----------------------------------------------------------------

function checkedValues(prefix, values) {
  return values.filter((v) => $(`${prefix}-${v}`)?.checked);
}

function triValue(select) {
  return select.value === "yes" ? true : select.value === "no" ? false : null;
}

function regionOf(region) {
  const r = region.id;
  const out = { ...(extras.regions[r] || {}) };
  const umn = checkedValues(`r-${r}-umn`, region.umn_signs);
  if (umn.length) out.umn_signs = umn;
  const lmnWords = Object.keys(vocab.labels.lmn_signs);
  // the region's own LMN signs (side not recorded) always count; per limb adds each side
  const lmn = checkedValues(`r-${r}-lmn`, lmnWords);
  if (lmn.length) out.lmn_signs = lmn;
  if (LIMB_REGIONS.includes(r) && $(`r-${r}-perlimb`).checked) {
    for (const side of SIDES) {
      const limb = { ...((extras.sides[r] || {})[side] || {}) };
      const sided = checkedValues(`r-${r}-${side}-lmn`, lmnWords);
      if (sided.length) limb.lmn_signs = sided;
      if (Object.keys(limb).length) out[side] = limb;
    }
  }
  return $(`r-${r}-examined`).checked || Object.keys(out).length ? out : null;
}

function limbsOf(kind) {
  return Object.keys(LIMB_WORDS)
    .filter((key) => $(`c-${kind}-${key}`).checked)
    .map((key) => { const [region, side] = key.split("-"); return { region, side }; });
}

function buildCase() {
  const c = { ...extras.top };
  const id = $("f-id").value.trim();
  if (id) c.id = id;
  for (const select of document.querySelectorAll("[data-tristate]")) {
    const value = triValue(select);
    if (value !== null) c[select.dataset.tristate] = value;
  }
  const alternative = $("f-alternative").value.trim();
  if (alternative) c.alternative_diagnosis = alternative;
  const regions = {};
  for (const region of vocab.regions) {
    const findings = regionOf(region);
    if (findings) regions[region.id] = findings;
  }
  if (Object.keys(regions).length) c.regions = regions;
  const emg = [];
  for (const tr of document.querySelectorAll("#emg-rows tr.emg-row")) {
    const typed = tr.querySelector("input[type=text]").value.trim();
    tr.dataset.index = typed ? String(emg.length) : "";
    if (!typed) continue;
    const m = muscleOf(typed);
    const study = { muscle: m ? m.key : typed, ...(m ? {} : ownAnatomy(tr)) };
    const side = tr.querySelector("select").value;
    if (side) study.side = side;
    const unset = JSON.parse(tr.dataset.unset);
    for (const box of tr.querySelectorAll("input[data-finding]")) {
      const finding = box.dataset.finding;
      if (box.checked || !unset.includes(finding)) study[finding] = box.checked;
    }
    emg.push({ ...study, ...JSON.parse(tr.dataset.kept) });
  }
  if (emg.length) c.emg = emg;
  const contra = {};
  if ($("f-anticoagulated").checked) contra.anticoagulated = true;
  if ($("f-chest").checked) contra.chest_wall_concerns = true;
  if ($("f-device").value) contra.cardiac_device_side = $("f-device").value;
  for (const kind of ["lymphedema", "skin_infection"]) {
    const limbs = limbsOf(kind);
    if (limbs.length) contra[kind] = limbs;
  }
  if (Object.keys(contra).length) c.contraindications = contra;
  const ncs = {};
  if ($("f-sensory").value) ncs.abnormal_sensory = $("f-sensory").value;
  if ($("f-demyelinating").checked) ncs.demyelinating_slowing = true;
  const blocks = [];
  for (const tr of document.querySelectorAll("#block-rows tr")) {
    if (halfBlock(tr)) continue;
    const [nerve, segment] = [...tr.querySelectorAll("input[type=text]")].map((i) => i.value.trim());
    if (!nerve && !segment) continue;
    blocks.push({ nerve, segment, at_entrapment_site: tr.querySelector("input[type=checkbox]").checked });
  }
  if (blocks.length) ncs.conduction_block = blocks;
  if (Object.keys(ncs).length) c.nerve_conduction = ncs;
  return c;
}

// A conduction block is a nerve and a segment together: a row with only one of them is
// not sent (a block with no segment cannot be placed at or away from an entrapment site, so
// it would raise a red flag it has not earned); what it lacks is said beside the row.
function halfBlock(tr) {
  const [nerve, segment] = tr.querySelectorAll("input[type=text]");
  const lacks = nerve.value.trim() && !segment.value.trim() ? [segment, "segment"]
    : segment.value.trim() && !nerve.value.trim() ? [nerve, "nerve"] : null;
  for (const input of [nerve, segment]) {
    if (lacks && lacks[0] === input) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  }
  tr.querySelector(".row-hint").textContent = lacks
    ? `Give the block's ${lacks[1]} too: the row is not used until it has both a nerve and a segment.`
    : "";
  return Boolean(lacks);
}

// Empties the case and the chart header (both are the patient's); the readings of the
// disputed clauses are the user's choice, not the patient's, and stay as they are.
function clearForm() {
  const readings = [...document.querySelectorAll("[data-reading]")].map((select) => [select, select.value]);
  $("case-form").reset();
  for (const [select, value] of readings) select.value = value;
  $("emg-rows").replaceChildren();
  $("block-rows").replaceChildren();
  for (const r of LIMB_REGIONS) showLimbs(r, false);
  extras = { top: {}, regions: {}, sides: {} };
  $("kept-note").hidden = true;
}

function triText(value) {
  if (value === true || value === "yes") return "yes";
  if (value === false || value === "no") return "no";
  return "";
}

function setChecks(prefix, values) {
  for (const v of values || []) { const box = $(`${prefix}-${v}`); if (box) box.checked = true; }
}

function loadCase(c) {
  clearForm();
  const kept = [];
  for (const [key, value] of Object.entries(c)) {
    if (!EDITED.includes(key)) { extras.top[key] = value; kept.push(key); }
  }
  $("f-id").value = c.id ?? "";
  for (const select of document.querySelectorAll("[data-tristate]")) {
    select.value = triText(c[select.dataset.tristate]);
  }
  $("f-alternative").value = c.alternative_diagnosis ?? "";
  for (const [r, findings] of Object.entries(c.regions || {})) {
    if (!$(`r-${r}-examined`) || !findings) continue;
    $(`r-${r}-examined`).checked = true;
    setChecks(`r-${r}-umn`, findings.umn_signs);
    setChecks(`r-${r}-lmn`, findings.lmn_signs);
    const rest = {};
    for (const [key, value] of Object.entries(findings)) {
      if (!["umn_signs", "lmn_signs", "left", "right"].includes(key)) { rest[key] = value; kept.push(`regions.${r}.${key}`); }
    }
    extras.regions[r] = rest;
    if (LIMB_REGIONS.includes(r) && (findings.left || findings.right)) {
      $(`r-${r}-perlimb`).checked = true;
      showLimbs(r, true);
      extras.sides[r] = {};
      for (const side of SIDES) {
        const limb = findings[side] || {};
        setChecks(`r-${r}-${side}-lmn`, limb.lmn_signs);
        const limbRest = {};
        for (const [key, value] of Object.entries(limb)) {
          if (key !== "lmn_signs") { limbRest[key] = value; kept.push(`regions.${r}.${side}.${key}`); }
        }
        extras.sides[r][side] = limbRest;
      }
    }
  }
  for (const study of c.emg || []) addMuscleRow(study, true);
  const contra = c.contraindications || {};
  $("f-anticoagulated").checked = contra.anticoagulated === true;
  $("f-chest").checked = contra.chest_wall_concerns === true;
  $("f-device").value = contra.cardiac_device_side ?? "";
  for (const kind of ["lymphedema", "skin_infection"]) {
    for (const limb of contra[kind] || []) {
      const box = $(`c-${kind}-${limb.region}-${limb.side}`);
      if (box) box.checked = true;
    }
  }
  const ncs = c.nerve_conduction || {};
  $("f-sensory").value = ncs.abnormal_sensory ?? "";
  $("f-demyelinating").checked = ncs.demyelinating_slowing === true;
  for (const block of ncs.conduction_block || []) addBlockRow(block);
  if (kept.length) {
    $("kept-note").hidden = false;
    $("kept-note").textContent = `Kept as opened (this page does not edit them): ${kept.join(", ")}.`;
  }
}

// ---- talking to the server ----------------------------------------------------------------

function readingQuery() {
  const query = new URLSearchParams();
  for (const select of document.querySelectorAll("[data-reading]")) {
    if (select.selectedIndex > 0) query.append("reading", `${select.dataset.reading}=${select.value}`);
  }
  return query;
}

async function post(path, text, query = new URLSearchParams()) {
  const q = query.toString();
  const response = await fetch(path + (q ? `?${q}` : ""), {
    method: "POST", headers: { "Content-Type": "application/json" }, body: text,
  });
  let body = null;
  try { body = await response.json(); } catch { body = null; }
  return { ok: response.ok, status: response.status, body };
}

// While an edit waits for its answer the result is marked busy (screen readers wait; tests
// wait for body[data-settled="true"] rather than guessing a delay).
function busy(waiting) {
  if (waiting) $("result").setAttribute("aria-busy", "true");
  else $("result").removeAttribute("aria-busy");
  document.body.dataset.settled = waiting ? "false" : "true";
}

function changed() {
  showUnsaved();
  busy(true);
  clearTimeout(timer);
  timer = setTimeout(refresh, DEBOUNCE_MS);
}

async function refresh() {
  const mine = ++asked;
  // with a history open only its readings can change: the history is asked again
  const history = openedHistory;
  const text = history ? history.text : JSON.stringify(buildCase());
  busy(true);
  let answer;
  try {
    answer = await post("/api/view", text, readingQuery());
  } catch (err) {
    answer = { ok: false, status: 0, body: { problems: ["The page cannot reach the alscriteria server: is `alscriteria serve` still running?"] } };
  }
  if (mine !== asked) return; // a newer edit has been sent since
  busy(false);
  updatePrintHead();
  refused = answer.ok || history ? null : answer.body || { problems: [] };
  showRowProblems(!answer.ok && !history && answer.body ? answer.body.problems || [] : []);
  if (!answer.ok) {
    // no result is shown for a case that cannot be assessed: an old one would mislead
    showProblems(answer.body);
    $("categories").replaceChildren(el("span", { className: "verdict stale", text: "No categories: the case cannot be assessed as it is (see the problems)." }));
    $("case-result").replaceChildren();
    $("history-result").hidden = true;
    return;
  }
  showProblems(null);
  if (history && answer.body.kind === "history") showHistory(answer.body, history.name);
  else showCase(answer.body);
}

function showProblems(body, title = "The case cannot be assessed as it is:") {
  const box = $("problems");
  box.replaceChildren();
  if (!body) return;
  const list = el("ul");
  for (const p of body.problems || [body.detail || "The server refused the case."]) list.append(el("li", { text: p }));
  box.append(el("p", { className: "problems-title", text: title }), list);
}

// ---- the result -------------------------------------------------------------------------------

function lines(items, className) {
  const list = el("ul", { className });
  for (const item of items) list.append(el("li", { text: typeof item === "string" ? item : item.text }));
  return list;
}

function section(title, className, ...content) {
  const id = `sec-${className}`;
  return el("section", { className, "aria-labelledby": id }, el("h3", { id, text: title }), ...content);
}

function showCategories(verdicts) {
  const bar = $("categories");
  bar.replaceChildren();
  for (const v of verdicts) {
    bar.append(el("span", { className: `verdict cat-${v.category}`, "data-criteria": v.criteria },
      el("span", { className: "set", text: v.title.replace(/ \(\d{4}\)$/, "") + ": " }),
      el("strong", { text: v.words })));
  }
}

// Red flags are read first: their count sits beside the categories, linked to the result
// (on a tablet the result is below the form).
function flagLink(count) {
  if (!count) return;
  $("categories").append(el("a", { className: "flag-link", href: "#result", text: `${count} red flag${count > 1 ? "s" : ""}` }));
}

function showCase(view) {
  $("history-result").hidden = true;
  const out = $("case-result");
  out.hidden = false;
  out.replaceChildren();
  showCategories(view.verdicts);
  flagLink(view.warnings.length);
  if (view.warnings.length) out.append(section("Red flags", "flags", lines(view.warnings, "flag-list")));
  if (view.alternative_diagnosis) out.append(el("p", { className: "alternative", text: view.alternative_diagnosis }));
  if (view.phenotype && view.phenotype.text) {
    out.append(section("Phenotype", "phenotype", el("p", { text: view.phenotype.text })));
  }
  const sets = el("div", { className: "sets" });
  for (const c of view.criteria) sets.append(criteriaBlock(c, view.verdicts.find((v) => v.criteria === c.id)));
  out.append(section("Each criteria set", "criteria", sets));
  out.append(planBlock(view));
  const figure = new DOMParser().parseFromString(view.bodymap, "text/html").querySelector("figure");
  if (figure) out.append(section("Body map", "bodymap", document.importNode(figure, true)));
}

function criteriaBlock(c, verdict) {
  const block = el("article", { className: `criteria-set cat-${c.category}`, "aria-label": c.title });
  block.append(el("h4", {}, `${c.title}: `, el("strong", { text: c.category_words })));
  const deciding = c.deciding.filter((d) => d.grants);
  if (deciding.length) {
    const list = el("ul", { className: "deciding" });
    for (const d of deciding) {
      list.append(el("li", {}, d.statement, d.evidence.length ? el("span", { className: "evidence", text: ` (${d.evidence.join("; ")})` }) : null));
    }
    block.append(el("p", { className: "label", text: "Deciding findings:" }), list);
  }
  // a pattern met on the findings while a prerequisite is open: the chart page's sentence
  if (c.pattern_words && verdict) block.append(el("p", { className: "waits", text: verdict.because }));
  if (c.missing.length) block.append(...missingBlock(c));
  if (c.why_not.length) block.append(el("p", { className: "label", text: c.why_not_title }), lines(c.why_not, "missing"));
  if (c.notes.length) block.append(lines(c.notes, "notes"));
  return block;
}

// What the next category lacks: the prerequisites (each required) in a list of their own,
// apart from the rules (any one grants it), as the server's words say they combine.
function missingBlock(c) {
  const parts = c.missing_parts;
  if (!parts || !parts.prerequisites.length || !parts.rules.length) {
    return [el("p", { className: "label", text: c.missing_title }), lines(c.missing, "missing")];
  }
  return [el("div", { className: "missing-parts" },
    el("p", { className: "label", text: parts.head }),
    el("p", { className: "label sub", text: parts.prerequisites_title }),
    lines(parts.prerequisites, "missing prerequisites"),
    el("p", { className: "label sub", text: parts.rules_title }),
    lines(parts.rules, "missing rules"))];
}

function planBlock(view) {
  const parts = [];
  for (const [sets, reason] of view.next_steps) parts.push(el("p", {}, el("strong", { text: `${sets}: ` }), reason));
  for (const [sets, line] of view.timing) parts.push(el("p", { className: "timing" }, el("strong", { text: `When (${sets}): ` }), line.text));
  if (view.suggestions.length) {
    const list = el("ol", { className: "suggestions" });
    // each reason with the criteria sets that give it, as the chart page's plan names them
    for (const s of view.suggestions) {
      const reasons = el("ul", { className: "reasons" });
      for (const g of s.grouped) reasons.append(el("li", {}, el("span", { className: "by", text: `${g.sets.join(", ")}: ` }), g.reason));
      list.append(el("li", {}, el("strong", { text: `S${s.number} ${s.name}${s.side ? ` (${s.side})` : ""}` }), reasons));
    }
    parts.push(el("p", { className: "label", text: "Sample next:" }), list);
  }
  for (const group of view.upgrades) {
    parts.push(el("p", { className: "label", text: `${group.sets}: ${group.to_words} (${group.how}), with:` }), lines(group.paths, "paths"));
  }
  if (view.cautions.length) parts.push(section("Cautions", "cautions", lines(view.cautions, "caution-list")));
  return section("Plan", "plan", ...parts);
}

function showHistory(view, name) {
  $("case-result").hidden = true;
  const out = $("history-result");
  out.hidden = false;
  out.replaceChildren();
  const last = view.visits[view.visits.length - 1];
  showCategories(last.cells.map((cell) => ({
    criteria: cell.criteria, category: cell.category, words: cell.words,
    title: (view.titles.find((t) => t[0] === cell.criteria) || [cell.criteria, cell.criteria])[1],
  })));
  flagLink(view.red_flags.length);
  out.append(el("p", { className: "history-head" },
    el("strong", { text: `History ${view.patient}` }),
    `: ${view.visit_count} visits, ${view.first_visit} to ${view.last_visit}` + (view.onset ? `; onset ${view.onset}` : "") + ` (opened from ${name}).`));
  if (view.red_flags.length) {
    out.append(section("Red flags", "flags", lines(view.red_flags.map((f) => `${f.text} (visit${f.visits.length > 1 ? "s" : ""} ${f.visits.join(", ")})`), "flag-list")));
  }
  const table = el("table", { className: "timeline" }, el("caption", { text: "Each visit under the criteria sets" }));
  const head = el("tr", {}, el("th", { scope: "col", text: "Visit" }), el("th", { scope: "col", text: "Date" }));
  for (const [, title] of view.titles) head.append(el("th", { scope: "col", text: title }));
  head.append(el("th", { scope: "col", text: "Progression" }));
  table.append(el("thead", {}, head));
  const body = el("tbody");
  for (const v of view.visits) {
    const row = el("tr", {}, el("th", { scope: "row", text: String(v.number) }), el("td", { text: v.date }));
    for (const cell of v.cells) row.append(el("td", { className: `cat-${cell.category}`, text: cell.words + (cell.change ? ` (${cell.change})` : "") }));
    row.append(el("td", { text: v.progression_text }));
    body.append(row);
  }
  table.append(body);
  out.append(section("Timeline", "timeline-section", table));
  const course = view.course.map((c) => `${c.title}: ${c.first_met ? `first met ${c.first_met}` : "not met yet"}; ${c.at_first} at the first visit, ${c.at_last} at the last.`);
  out.append(section("Course", "course", lines(course, "course-list")));
  if (view.next_visit) out.append(section("Next visit", "next-visit", el("p", { text: view.next_visit.text })));
}

// ---- files -----------------------------------------------------------------------------------

function fileName() {
  const id = $("f-id").value.trim().replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "");
  return id ? `case-${id}.json` : "case.json";
}

function saveCase() {
  if (openedHistory) return; // the button is off: a history is not saved as a case
  const text = JSON.stringify(buildCase(), null, 2) + "\n";
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const link = el("a", { href: url, download: fileName(), hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  markSaved();
  // a case the server refuses is still saved (it may be finished later), with a warning
  status(`Saved ${fileName()} (Case JSON) to your downloads.` + (refused
    ? " It cannot be assessed as it is: alscriteria will refuse it until the problems below are fixed."
    : "") + (document.querySelector("#block-rows [aria-invalid]")
    ? " A conduction-block row with only its nerve or its segment was left out of the file."
    : ""));
}

// An edit still waiting for its answer is asked now, so what is printed or saved is judged
// on the case as it stands.
async function settle() {
  if (document.body.dataset.settled === "false" && !openedHistory) {
    clearTimeout(timer);
    await refresh();
  }
}

// ---- edits not saved to a file ----------------------------------------------------------

// The case as a file would hold it is compared with the one last opened, started or saved:
// a sign ticked and unticked again is no edit. The readings and the chart header are not
// part of the case file, and a history on show cannot be edited, so neither counts.
function unsaved() {
  return !openedHistory && savedCase !== null && JSON.stringify(buildCase()) !== savedCase;
}

function markSaved() {
  savedCase = JSON.stringify(buildCase());
  showUnsaved();
}

function showUnsaved() {
  $("unsaved").hidden = !unsaved();
}

// Before anything replaces the case on the page (another file, a new case): true to go on.
function mayDiscard(what) {
  return !unsaved() || window.confirm(`The case on the page has edits not saved to a file. ${what} and lose them?`);
}

async function openBytes(bytes, name) {
  ++asked; // an answer to an edit made before the file was opened is no longer wanted
  clearTimeout(timer);
  busy(true);
  try {
    await openChecked(bytes, name);
  } finally {
    busy(false);
  }
}

// A file the server refused: its messages name the file (not "request body"), under a title
// that keeps them apart from the case on screen, which stays as it was.
function fileRefused(body, name) {
  const problems = (body && (body.problems || [body.detail])) || ["the server did not answer"];
  showProblems(
    { problems: problems.map((p) => String(p).replace(/^request body\b/, name)) },
    `${name} was not opened; the case on screen is unchanged:`,
  );
  status(`${name} was not opened: see the problems below.`);
}

async function openChecked(bytes, name) {
  // The server reads the file's own bytes as the CLI does (repeated keys, encoding, size,
  // the words it accepts): its answer decides whether the file opens, and the form is
  // filled from the case as the server read it, never from the browser's own reading of the
  // file (a browser would decode a file that is not UTF-8 with replacement characters).
  let answer;
  try {
    answer = await post("/api/view", bytes, readingQuery());
  } catch (err) {
    answer = { ok: false, status: 0, body: null };
  }
  if (!answer.ok || !answer.body) {
    fileRefused(answer.body, name);
    return;
  }
  showProblems(null);
  if (answer.body.kind === "history") {
    // the server read the bytes as UTF-8 text: the same text is asked again on each reading
    historyMode({ name, text: new TextDecoder("utf-8").decode(bytes) });
    openedHistory.patient = answer.body.patient;
    showHistory(answer.body, name);
    updatePrintHead();
    // the timeline, not the case form, is what was opened: it takes the focus and the view
    $("result").focus({ preventScroll: true });
    $("result").scrollIntoView({ block: "start" });
    status(`Opened ${name}: a history of ${answer.body.visit_count} visits (read only; the case form is closed until New case).`);
  } else {
    historyMode(null);
    loadCase(answer.body.case);
    markSaved();
    showCase(answer.body);
    updatePrintHead();
    status(`Opened ${name}.`);
  }
}

// A history on show owns the page: the case form is emptied and locked (so no key typed
// there can put another patient's categories under this history's name) and Save case is
// off; the readings and the chart header stay, for the history's own chart page.
function historyMode(history) {
  openedHistory = history;
  if (history) clearForm();
  for (const part of $("case-form").querySelectorAll(":scope > fieldset")) part.disabled = Boolean(history);
  $("save-case").disabled = Boolean(history);
  $("history-note").hidden = !history;
  showUnsaved(); // the case's edits went with it
  if (history) $("history-note").textContent = `A history (${history.name}) is open: the case form is closed. New case starts an empty case.`;
}

async function openFile(file) {
  if (!file) return;
  if (file.size > 8 * 1024 * 1024) { status(`${file.name} is larger than 8 MiB: not a case file.`); return; }
  await openBytes(await file.arrayBuffer(), file.name);
}

// The chart page is a form post to a new tab with every option in the body: the chart
// header (the patient's name, record number) is never in a URL, the browser's history or a
// log line.
async function printChart() {
  await settle();
  if (refused && !openedHistory) {
    // the chart page would be the server's refusal: the problems are shown here instead
    showProblems(refused);
    $("problems").scrollIntoView({ block: "nearest" });
    status("No chart page: the case cannot be assessed as it is. Fix the problems below first.");
    return;
  }
  const form = $("chart-form");
  form.action = "/api/report";
  const fields = [["document", openedHistory ? openedHistory.text : JSON.stringify(buildCase())]];
  for (const [name, value] of readingQuery()) fields.push([name, value]);
  for (const input of document.querySelectorAll("[data-header]")) {
    if (input.value.trim()) fields.push([input.dataset.header, input.value.trim()]);
  }
  form.replaceChildren(...fields.map(([name, value]) => el("input", { type: "hidden", name, value })));
  form.submit();
  status("The chart page opens in a new tab: print it from there (Ctrl+P), on A4 or Letter.");
}

// Printed from the browser (Ctrl+P) the page is a result sheet: the form is left out, so the
// sheet says itself whose result it is and when it was printed (the chart header's fields
// the user filled in too), lest it be filed in the wrong chart.
function updatePrintHead() {
  const id = openedHistory ? openedHistory.patient : $("f-id").value.trim();
  const items = [["Patient or record id", id || "not given"]];
  for (const input of document.querySelectorAll("[data-header]")) {
    if (input.value.trim()) items.push([input.labels[0].textContent, input.value.trim()]);
  }
  if (openedHistory) items.push(["History", openedHistory.name]);
  items.push(["Print date", new Date().toLocaleDateString("en-CA")]); // YYYY-MM-DD, local
  $("print-head").replaceChildren(
    el("p", { className: "print-title", text: "alscriteria: ALS diagnostic criteria (result sheet)" }),
    el("dl", {}, ...items.flatMap(([term, value]) => [el("dt", { text: term }), el("dd", { text: value })])),
    el("p", { className: "print-note", text: "For the full chart page with the case's findings use Chart page to print." }));
}

function status(text) {
  $("status").textContent = text;
}

// ---- start --------------------------------------------------------------------------------

function wire() {
  const form = $("case-form");
  form.addEventListener("input", (e) => { if (!e.target.closest(".add-muscle") && !e.target.dataset.header) changed(); });
  form.addEventListener("change", (e) => {
    if (e.target.id?.endsWith("-perlimb")) {
      const r = e.target.id.split("-")[1];
      showLimbs(r, e.target.checked);
    }
    const card = e.target.closest("fieldset.region");
    if (card && e.target.checked && !e.target.id.endsWith("-examined")) card.querySelector("[id$=-examined]").checked = true;
    if (!e.target.closest(".add-muscle") && !e.target.dataset.header) changed();
  });
  form.addEventListener("submit", (e) => e.preventDefault());
  $("f-add-muscle").addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); addFromEntry(); } });
  $("add-muscle").addEventListener("click", addFromEntry);
  $("add-block").addEventListener("click", () => { addBlockRow().querySelector("input").focus(); });
  $("new-case").addEventListener("click", () => {
    if (!mayDiscard("Start a new case")) return;
    historyMode(null); clearForm(); markSaved(); status("New case."); refresh(); $("f-id").focus();
  });
  $("save-case").addEventListener("click", async () => { await settle(); saveCase(); });
  $("open-case").addEventListener("click", () => { if (mayDiscard("Open another file")) $("open-file").click(); });
  $("open-file").addEventListener("change", async (e) => { await openFile(e.target.files[0]); e.target.value = ""; });
  $("print-chart").addEventListener("click", printChart);
  document.addEventListener("dragover", (e) => { e.preventDefault(); $("drop-hint").hidden = false; });
  document.addEventListener("dragleave", (e) => { if (!e.relatedTarget) $("drop-hint").hidden = true; });
  document.addEventListener("drop", (e) => {
    e.preventDefault();
    $("drop-hint").hidden = true;
    const file = e.dataTransfer.files[0];
    if (file && mayDiscard(`Open ${file.name}`)) openFile(file);
  });
  window.addEventListener("beforeprint", updatePrintHead);
  for (const input of document.querySelectorAll("[data-header]")) input.addEventListener("input", updatePrintHead);
  // leaving or reloading the page: the browser asks, in its own words, only when edits are unsaved
  window.addEventListener("beforeunload", (e) => {
    if (!unsaved()) return;
    e.preventDefault();
    e.returnValue = "";
  });
}

// The sticky bar wraps to two rows or more on a narrow screen or with long categories:
// the scroll padding follows its real height, so a focused field is never under it.
function followBarHeight() {
  const bar = $("categories");
  const follow = () => document.documentElement.style.setProperty("--bar-height", `${bar.offsetHeight}px`);
  new ResizeObserver(follow).observe(bar);
  follow();
}

async function start() {
  const response = await fetch("/api/vocabulary");
  vocab = await response.json();
  buildRegions();
  buildLimbs();
  buildReadings();
  buildMuscleList();
  wire();
  markSaved();
  followBarHeight();
  document.body.dataset.ready = "true";
  refresh();
}

document.addEventListener("DOMContentLoaded", start);
