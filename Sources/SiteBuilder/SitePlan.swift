/// The site map: every page in both languages (Indonesian at `/`, English under `/en/`), with what each
/// page shows. The 404 and 50x pages nginx serves exist once, at the root, in both languages at once.
struct SitePlan {
    let specs: [PageSpec]

    /// The public pages every build has, besides content, docs and the catalog's pages.
    static let accountPages = ["/login", "/register", "/verify", "/reset"]
    static let dashboardPages = ["/dashboard", "/dashboard/orders", "/dashboard/deposits", "/dashboard/ledger",
                                 "/dashboard/tokens", "/dashboard/account"]
    static let policyPages = ["/terms", "/privacy", "/refund", "/acceptable-use", "/faq"]

    init(input: SiteInput, templates: TemplateSet, content: ContentLibrary) throws {
        let pricing = PricingPages(input)
        let api = try input.openAPI.map { json throws(SiteBuildError) in try APIReference(json: json) }
        let termsVersion = content.document("/terms", language: "en")?.fields["version"] ?? ""
        let settingsKey = "\(input.settings)"
        let indexKey = pricing.indexKey        // every price: computed once, used by four pages
        var specs: [PageSpec] = []
        for language in TemplateSet.languages {
            let strings = templates.strings[language]!
            let base = PageSpec.base(language)
            // Rows are shared by the full table and the per-country and per-service tables; built lazily.
            let rowCache = try RowCache(pricing, templates: templates) { pricing.rowValues(strings, base: base) }

            specs.append(PageSpec(path: "/", language: language, template: "pages/index", title: strings["home_title"],
                                  key: indexKey) {
                let index = pricing.index(strings, base: base)
                return ["popular": Array(index.services.prefix(12)), "has_popular": !index.services.isEmpty,
                        "countries_count": index.countries.count,
                        "services_count": index.services.count, "prices_updated": pricing.updatedAt(strings)]
            })
            specs.append(PageSpec(path: "/pricing", language: language, template: "pages/pricing", title: strings["pricing_title"],
                                  key: indexKey) {
                let index = pricing.index(strings, base: base)
                return ["rows_html": rowCache.all, "countries": index.countries, "services": index.services,
                        "show_country": true, "show_service": true, "table_label": strings["pricing_all"],
                        "has_operators": pricing.hasOperators, "prices_updated": pricing.updatedAt(strings),
                        "has_rows": !input.prices.isEmpty]
            })
            for country in pricing.countries {
                let name = pricing.countryName(country.iso, language)
                specs.append(PageSpec(path: PricingPages.countryPath(country.iso), language: language, template: "pages/pricing-country",
                                      title: strings["pricing_in"] + " " + name, key: pricing.countryKey(country)) {
                    ["country_name": name, "dial_code": country.dialCode, "rows_html": rowCache.rows(country: country.iso),
                     "show_service": true, "table_label": strings["pricing_in"] + " " + name,
                     "has_operators": pricing.hasOperators, "prices_updated": pricing.updatedAt(strings)]
                })
            }
            for service in pricing.services {
                specs.append(PageSpec(path: PricingPages.servicePath(service.code), language: language, template: "pages/pricing-service",
                                      title: strings["pricing_for"] + " " + service.name, key: pricing.serviceKey(service)) {
                    ["service_name": service.name, "rows_html": rowCache.rows(service: service.code),
                     "show_country": true, "table_label": strings["pricing_for"] + " " + service.name,
                     "has_operators": pricing.hasOperators, "prices_updated": pricing.updatedAt(strings)]
                })
            }
            for path in content.paths {
                guard let document = content.document(path, language: language) else { continue }
                specs.append(PageSpec(path: path, language: language, template: "pages/content", title: document.title,
                                      key: document.source + settingsKey) {
                    try ContentPage.context(document, language: language, settings: input.settings, strings: strings)
                })
            }
            let docs: [[String: Any]] = content.docPaths.compactMap { path in
                content.document(path, language: language).map { document -> [String: Any] in
                    var entry: [String: Any] = ["title": document.title, "url": PageSpec.url(path, language)]
                    // Absent rather than empty: Mustache renders an empty string's section, leaving an empty <span>.
                    if let summary = document.fields["summary"], !summary.isEmpty { entry["summary"] = summary }
                    return entry
                }
            }
            specs.append(PageSpec(path: "/docs", language: language, template: "pages/docs", title: strings["docs_title"],
                                  key: content.docPaths.map { path in
                                      content.document(path, language: language).map { $0.title + "#" + ($0.fields["summary"] ?? "") } ?? ""
                                  }.joined(separator: "|")
                                    + (api == nil ? "" : "api")) {
                ["docs": docs, "has_docs": !docs.isEmpty, "has_api": api != nil]
            })
            if let api {
                // The compatibility APIs' page (Content/docs/compat.md), linked from the reference when it exists.
                let hasCompat = content.docPaths.contains("/docs/compat")
                specs.append(PageSpec(path: "/docs/api", language: language, template: "pages/api", title: strings["api_title"],
                                      key: (input.openAPI ?? "") + (hasCompat ? "+compat" : "")) {
                    var context = api.context
                    context["has_compat"] = hasCompat
                    return context
                })
            }
            for path in SitePlan.accountPages {
                let name = String(path.dropFirst())
                specs.append(PageSpec(path: path, language: language, template: "pages/" + name, title: strings[name + "_title"],
                                      key: termsVersion, script: "account.js") {
                    ["terms_version": termsVersion, "strings_json": strings.scriptJSON]
                })
            }
            for path in SitePlan.dashboardPages {
                let name = path == "/dashboard" ? "overview" : String(path.dropFirst("/dashboard/".count))
                specs.append(PageSpec(path: path, language: language, template: "pages/dashboard/" + name,
                                      title: strings["dash_" + name + "_title"], key: settingsKey + termsVersion, script: "dashboard.js") {
                    DashboardPage.context(name, settings: input.settings, strings: strings, termsVersion: termsVersion)
                })
            }
        }
        for name in ["404", "50x"] {
            specs.append(PageSpec(path: "/" + name, language: "id", template: "pages/" + name, title: templates.strings["id"]!["error_" + name + "_title"],
                                  key: "") { [:] })
        }
        self.specs = specs
    }
}

/// The HTML of the price tables' rows for one language: each row's values are built once and filled
/// into the row template of each kind of table (full, per country, per service) when a page needs them.
final class RowCache {
    private let pricing: PricingPages
    private let full: RowTemplate, country: RowTemplate, service: RowTemplate
    private let make: () -> [[String: String]]
    private lazy var values: [[String: String]] = make()
    private lazy var byCountry = pricing.countryRows
    private lazy var byService = pricing.serviceRows

    init(_ pricing: PricingPages, templates: TemplateSet, make: @escaping () -> [[String: String]]) throws {
        self.pricing = pricing
        full = try templates.row("full")
        country = try templates.row("country")
        service = try templates.row("service")
        self.make = make
    }

    private func html(_ template: RowTemplate, _ indices: some Sequence<Int>) -> String {
        var out = ""
        for index in indices { template.render(values[index], into: &out) }
        return out
    }

    var all: String { html(full, values.indices) }
    func rows(country iso: String) -> String { html(country, byCountry[iso] ?? []) }
    func rows(service code: String) -> String { html(service, byService[code] ?? []) }
}
