/// The API reference page (`/docs/api`), generated from the OpenAPI document the server serves, so the
/// docs and the server cannot drift: the document's introduction (conventions, authentication, the rate
/// limits and the error-code table) and every operation, grouped by tag in the document's order, with
/// its parameters, request body fields and answers.
struct APIReference {
    let context: [String: Any]

    init(json: String) throws(SiteBuildError) {
        let root = try JSONValue.parse(json)
        guard let paths = root["paths"], let info = root["info"] else { throw .badOpenAPI("no paths or info") }
        var operations: [String: [[String: Any]]] = [:]
        var tagOrder = root["tags"]?.array.compactMap { $0["name"]?.string } ?? []
        for (path, item) in paths.members {
            for (method, operation) in item.members where ["get", "post", "put", "patch", "delete"].contains(method) {
                let tag = operation["tags"]?.array.first?.string ?? "other"
                if !tagOrder.contains(tag) { tagOrder.append(tag) }
                operations[tag, default: []].append(APIReference.operation(method: method, path: path, operation, root: root))
            }
        }
        let tagDescriptions = Dictionary(root["tags"]?.array.compactMap { tag in tag["name"]?.string.map { ($0, tag["description"]?.string ?? "") } } ?? [],
                                         uniquingKeysWith: { a, _ in a })
        let groups: [[String: Any]] = tagOrder.compactMap { tag in
            guard let items = operations[tag] else { return nil }
            return ["tag": tag, "id": "tag-" + Markdown.slug(tag), "description": tagDescriptions[tag] ?? "", "operations": items]
        }
        let intro = Markdown.render(info["description"]?.string ?? "")
        context = [
            "api_title": info["title"]?.string ?? "API",
            "api_version": info["version"]?.string ?? "",
            "intro_html": intro.html,
            "intro_headings": intro.headings.map { ["id": $0.id, "text": $0.text] },
            "groups": groups,
            "operation_count": groups.reduce(0) { $0 + (($1["operations"] as? [[String: Any]])?.count ?? 0) },
        ]
    }

    static func operation(method: String, path: String, _ operation: JSONValue, root: JSONValue) -> [String: Any] {
        let id = operation["operationId"]?.string ?? Markdown.slug(method + " " + path)
        let parameters: [[String: Any]] = operation["parameters"]?.array.map { raw in
            let parameter = raw.resolved(in: root)
            let schema = parameter["schema"]?.resolved(in: root)
            return ["name": parameter["name"]?.string ?? "", "in": parameter["in"]?.string ?? "",
                    "type": schema.map(typeName) ?? "", "required": parameter["required"] == .bool(true),
                    "description_html": inline(parameter["description"]?.string ?? "")]
        } ?? []
        var fields: [[String: Any]] = []
        if let schema = operation["requestBody"]?["content"]?.members.first?.value["schema"]?.resolved(in: root) {
            let required = Set(schema["required"]?.array.compactMap(\.string) ?? [])
            for (name, raw) in schema["properties"]?.members ?? [] {
                let property = raw.resolved(in: root)
                fields.append(["name": name, "type": typeName(property), "required": required.contains(name),
                               "description_html": inline(property["description"]?.string ?? raw["description"]?.string ?? "")])
            }
        }
        let responses: [[String: Any]] = operation["responses"]?.members.map { status, raw in
            let text = raw["description"]?.string ?? raw.resolved(in: root)["description"]?.string ?? ""
            return ["status": status, "description_html": inline(text)]
        } ?? []
        let isPublic = operation["security"]?.array.isEmpty ?? true
        return [
            "id": id, "method": method.uppercased(), "method_class": method, "path": path,
            "summary": operation["summary"]?.string ?? "",
            "description_html": Markdown.render(operation["description"]?.string ?? "").html,
            "public": isPublic, "parameters": parameters, "has_parameters": !parameters.isEmpty,
            "fields": fields, "has_fields": !fields.isEmpty, "responses": responses,
        ]
    }

    /// A schema's type in a word: `string`, `integer`, `Order`, `array of Order`.
    static func typeName(_ schema: JSONValue) -> String {
        if let type = schema["type"]?.string {
            if type == "array", let items = schema["items"] { return "array of " + typeName(items) }
            return type
        }
        if case .array(let types) = schema["type"] ?? .null { return types.compactMap(\.string).joined(separator: " | ") }
        if let ref = schema["$ref"]?.string { return String(ref.split(separator: "/").last ?? "") }
        if schema["enum"] != nil { return "string" }
        return "object"
    }

    /// One line of Markdown (backticks, emphasis, links) as HTML without the surrounding paragraph.
    static func inline(_ text: String) -> String {
        guard !text.isEmpty else { return "" }
        var html = Markdown.render(text).html
        if html.hasPrefix("<p>") && html.hasSuffix("</p>") && html.ranges(of: "<p>").count == 1 {
            html = String(html.dropFirst(3).dropLast(4))
        }
        return html
    }
}
