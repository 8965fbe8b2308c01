// Renders /openapi/v1.json: operations grouped by tag, each with its parameters, body, responses and examples.
// Built with DOM nodes and textContent only, so nothing in the API document is ever read as HTML.
"use strict";

const methods = ["get", "post", "put", "patch", "delete"];

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value !== undefined && value !== null) node.setAttribute(name, value);
  }
  for (const child of children.flat(Infinity)) {
    if (child !== undefined && child !== null) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function resolve(api, schema) {
  const ref = schema?.$ref;
  return ref ? { name: ref.split("/").pop(), schema: api.components?.schemas?.[ref.split("/").pop()] ?? {} } : { name: null, schema: schema ?? {} };
}

function typeOf(api, schema) {
  const { name, schema: s } = resolve(api, schema);
  if (name && (s.properties || s.enum)) return name;
  if (s.enum) return "one of " + s.enum.map(v => JSON.stringify(v)).join(", ");
  const types = [].concat(s.type ?? []).filter(t => t !== "null");
  if (types.includes("array")) return "array of " + typeOf(api, s.items);
  if (s.oneOf || s.anyOf) return (s.oneOf ?? s.anyOf).map(x => typeOf(api, x)).filter(t => t !== "null").join(" or ");
  if (types.includes("object") && s.additionalProperties) return "map of " + typeOf(api, s.additionalProperties);
  const type = types.join(" or ") || "object";
  const nullable = [].concat(s.type ?? []).includes("null") ? " or null" : "";
  return (s.format ? `${type} (${s.format})` : type) + nullable;
}

// A schema as a nested list of its fields, each with its type, down to a few levels (types repeat by name below that).
function schemaTree(api, schema, depth = 0, seen = new Set()) {
  const { name, schema: s } = resolve(api, schema);
  const target = s.type === "array" || [].concat(s.type ?? []).includes("array") ? resolve(api, s.items) : { name, schema: s };
  const properties = target.schema.properties;
  if (!properties || depth > 3 || (target.name && seen.has(target.name))) return null;
  const inner = new Set(seen);
  if (target.name) inner.add(target.name);
  const required = new Set(target.schema.required ?? []);
  return el("ul", { class: "schema" }, Object.entries(properties).map(([field, value]) =>
    el("li", {},
      el("code", {}, field), " ", el("span", { class: "type" }, typeOf(api, value)),
      required.has(field) ? el("span", { class: "required" }, " required") : null,
      value.description ? ` ${value.description}` : null,
      schemaTree(api, value, depth + 1, inner))));
}

function content(api, media, caption) {
  const parts = [];
  for (const [type, value] of Object.entries(media ?? {})) {
    parts.push(el("p", {}, caption, " ", el("code", {}, type), value.schema ? [": ", el("span", { class: "type" }, typeOf(api, value.schema))] : null));
    const tree = value.schema ? schemaTree(api, value.schema) : null;
    if (tree) parts.push(tree);
    if (value.example !== undefined) {
      parts.push(el("p", {}, "Example:"), el("pre", { "data-example": "" }, el("code", {}, JSON.stringify(value.example, null, 2))));
    }
  }
  return parts;
}

function operationView(api, path, method, operation) {
  const id = operation.operationId ?? `${method}-${path}`;
  const parameters = (operation.parameters ?? []).map(p => p.$ref ? resolve(api, p).schema : p);
  const body = el("div", { class: "body" },
    el("p", { class: "muted" }, "Operation id ", el("code", {}, id)),
    parameters.length === 0 ? null : [
      el("h3", {}, "Parameters"),
      el("table", {},
        el("thead", {}, el("tr", {}, el("th", {}, "name"), el("th", {}, "in"), el("th", {}, "type"), el("th", {}, "required"))),
        el("tbody", {}, parameters.map(p => el("tr", {},
          el("td", {}, el("code", {}, p.name)), el("td", {}, p.in), el("td", {}, typeOf(api, p.schema)), el("td", {}, p.required ? "yes" : "no")))))],
    operation.requestBody ? [el("h3", {}, "Request body"), content(api, operation.requestBody.content, "Body")] : null,
    el("h3", {}, "Responses"),
    Object.entries(operation.responses ?? {}).map(([status, response]) => el("div", { "data-status": status },
      el("p", {}, el("strong", {}, status), " ", response.description ?? ""),
      content(api, response.content, "Answer"))));
  return el("details", { class: "operation", id, "data-operation": `${method.toUpperCase()} ${path}`, "data-search": `${method} ${path} ${operation.summary ?? ""} ${id}`.toLowerCase() },
    el("summary", {},
      el("span", { class: `method ${method}` }, method.toUpperCase()),
      el("span", { class: "path" }, path),
      el("span", { class: "summary" }, operation.summary ?? "")),
    body);
}

function render(api) {
  if (api.info?.description) document.getElementById("about").append(" ", api.info.description);
  const schemes = document.getElementById("schemes");
  for (const [name, scheme] of Object.entries(api.components?.securitySchemes ?? {})) {
    schemes.append(el("dt", {}, name), el("dd", {}, scheme.description ?? ""));
  }

  const byTag = new Map();
  for (const [path, item] of Object.entries(api.paths ?? {})) {
    for (const method of methods) {
      const operation = item[method];
      if (!operation) continue;
      for (const tag of operation.tags?.length ? operation.tags : ["Other"]) {
        if (!byTag.has(tag)) byTag.set(tag, []);
        byTag.get(tag).push(operationView(api, path, method, operation));
      }
    }
  }

  const tags = [...byTag.keys()].sort();
  const nav = document.getElementById("tags");
  nav.append(el("ul", {}, tags.map(tag => el("li", {}, el("a", { href: `#tag-${tag}` }, tag)))));
  const operations = document.getElementById("operations");
  operations.replaceChildren(...tags.map(tag => el("section", { id: `tag-${tag}`, "data-tag": tag, "aria-labelledby": `tag-${tag}-title` },
    el("h2", { id: `tag-${tag}-title` }, tag), byTag.get(tag))));

  const target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
  if (target?.tagName === "DETAILS") target.open = true;
  target?.scrollIntoView();
}

function filter(text) {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  for (const operation of document.querySelectorAll("details.operation")) {
    operation.hidden = !words.every(word => operation.dataset.search.includes(word));
  }
  for (const section of document.querySelectorAll("section[data-tag]")) {
    section.hidden = !section.querySelector("details.operation:not([hidden])");
  }
}

window.addEventListener("DOMContentLoaded", async () => {
  const status = document.getElementById("status");
  try {
    const response = await fetch("/openapi/v1.json", { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(`the document answered ${response.status}`);
    render(await response.json());
    document.body.dataset.loaded = "true";
  } catch (error) {
    status.textContent = `The API document could not be read: ${error.message}`;
    document.getElementById("operations").replaceChildren(status);
  }
  document.getElementById("filter").addEventListener("input", event => filter(event.target.value));
});
