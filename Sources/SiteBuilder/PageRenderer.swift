/// Renders one page: its template with the shared values (language, words, navigation, the language
/// switch), then `layout` around it. The same values make the page's fingerprint, together with the
/// templates' and the page's own data, so a page is re-rendered exactly when something it shows changed.
struct PageRenderer {
    let templates: TemplateSet
    let version: String
    let year: String

    static let languageNames = ["id": "Bahasa Indonesia", "en": "English"]

    func fingerprintText(_ spec: PageSpec) -> String {
        [templates.fingerprint, version, year, spec.path, spec.language, spec.template, spec.title, spec.script ?? "", spec.key]
            .joined(separator: "\u{1}")
    }

    func render(_ spec: PageSpec) throws -> String {
        var context = shared(spec)
        for (key, value) in try spec.context() { context[key] = value }
        context["body"] = try templates.render(spec.template, context)
        return try templates.render("layout", context)
    }

    func shared(_ spec: PageSpec) -> [String: Any] {
        let strings = templates.strings[spec.language]!
        let other = TemplateSet.languages.first { $0 != spec.language } ?? spec.language
        let section = spec.path.split(separator: "/").first.map(String.init) ?? "home"
        var context: [String: Any] = [
            "lang": spec.language, "t": strings.values, "base": spec.base, "home": PageSpec.url("/", spec.language),
            "path": spec.path, "url": spec.url, "title": spec.title, "version": version, "year": year,
            "alt_lang": other, "alt_url": PageSpec.url(spec.path, other), "alt_label": PageRenderer.languageNames[other] ?? other,
            "page_class": "page-" + (spec.path == "/" ? "home" : Markdown.slug(spec.path)),
            "section_" + section: true,
            // nginx serves the error pages for any URL, in both languages at once: no language switch.
            "error_page": spec.path == "/404" || spec.path == "/50x",
        ]
        if let script = spec.script { context["script"] = "/assets/js/" + script }
        return context
    }
}
