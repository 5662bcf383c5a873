/// One page to write: where it goes, which template renders it, and the text its fingerprint is made
/// of (everything the page shows that does not come from the templates). Its context is built only
/// when the page must be rendered, so an unchanged page costs a hash, not a render.
struct PageSpec {
    /// The URL path without the language prefix: `/`, `/pricing`, `/dashboard/orders`.
    let path: String
    let language: String
    let template: String
    let title: String
    let key: String
    /// The page's script module under /assets/js/, if it has one (the dashboard and the account forms).
    var script: String? = nil
    let context: () throws -> [String: Any]

    /// Paths served as a folder's index.html (nginx: `try_files $uri $uri.html $uri/index.html`).
    static let folderPages: Set<String> = ["/", "/dashboard", "/docs"]

    var base: String { PageSpec.base(language) }

    static func base(_ language: String) -> String { language == "id" ? "" : "/" + language }

    /// The URL of `path` in `language`: `/en/pricing`, `/en/` for the English home page.
    static func url(_ path: String, _ language: String) -> String {
        path == "/" ? base(language) + "/" : base(language) + path
    }

    var url: String { PageSpec.url(path, language) }

    /// The file under the site folder: `en/pricing.html`, `dashboard/index.html`.
    var file: String {
        let prefix = language == "id" ? "" : language + "/"
        if path == "/" { return prefix + "index.html" }
        let relative = String(path.dropFirst())
        return prefix + relative + (PageSpec.folderPages.contains(path) ? "/index.html" : ".html")
    }
}
