import Mustache

/// A Markdown document as a page: its HTML, a table of contents of its `##` sections, and the version
/// and date from its front matter (the Terms of Service show both). A document whose front matter says
/// `template: true` may quote the server's settings (`{{rental_minutes}}`), so the FAQ cannot disagree
/// with the configuration the site was built for.
enum ContentPage {
    static func context(_ document: ContentLibrary.Document, language: String, settings: SiteSettings,
                        strings: Strings) throws -> [String: Any] {
        var markdown = document.body
        if document.isTemplate {
            do {
                markdown = try MustacheTemplate(string: markdown).render(values(settings))
            } catch {
                throw SiteBuildError.badContent(document.path, "its template does not parse: \(error)")
            }
        }
        let rendered = Markdown.render(markdown)
        var context: [String: Any] = [
            "html": rendered.html,
            "toc": rendered.headings.map { ["id": $0.id, "text": $0.text] },
            "has_toc": rendered.headings.count >= 4,
            "content_lang": document.language,
            "other_language": document.language != language,
        ]
        if let version = document.fields["version"] { context["doc_version"] = version }
        if let updated = document.fields["updated"] { context["doc_updated"] = updated }
        if let summary = document.fields["summary"] { context["summary"] = summary }
        return context
    }

    /// What a content template may quote.
    static func values(_ settings: SiteSettings) -> [String: Any] {
        [
            "rental_minutes": settings.rentalWindowSeconds / 60,
            "cancel_hold_minutes": max(1, settings.cancelHoldSeconds / 60),
            "cancel_hold_seconds": settings.cancelHoldSeconds,
            "deposit_min": Formatting.price(settings.depositMinimum),
            "deposit_max": Formatting.price(settings.depositMaximum),
        ]
    }
}

/// The dashboard pages' own values: the deposit form's gateways, methods and amount presets.
enum DashboardPage {
    static let presets: [Int64] = [10_000, 25_000, 50_000, 100_000, 250_000, 500_000]

    /// Duitku's payment methods offered by default (payments.md §A.9: one QRIS, the big banks' virtual
    /// accounts, two e-wallets); Heleket and the sandbox let the payer choose on their page.
    static let duitkuMethods: [(code: String, key: String)] = [("SP", "method_qris"), ("BC", "method_bca"), ("M2", "method_mandiri"),
                                                                ("I1", "method_bni"), ("BR", "method_bri"), ("DA", "method_dana"),
                                                                ("OV", "method_ovo")]

    static func context(_ name: String, settings: SiteSettings, strings: Strings, termsVersion: String) -> [String: Any] {
        let gateways: [[String: Any]] = settings.gateways.enumerated().map { index, gateway in
            ["code": gateway, "label": strings["gateway_" + gateway], "checked": index == 0,
             "methods": gateway == "duitku" ? duitkuMethods.map { ["code": $0.code, "label": strings[$0.key]] } : [],
             "has_methods": gateway == "duitku"]
        }
        let presets: [[String: Any]] = presets.filter { $0 >= settings.depositMinimum && $0 <= settings.depositMaximum }
            .map { ["value": $0, "label": Formatting.price($0)] }
        return [
            "is_" + name: true, "strings_json": strings.scriptJSON, "terms_version": termsVersion,
            "gateways": gateways, "presets": presets,
            "deposit_min": settings.depositMinimum, "deposit_max": settings.depositMaximum,
            "deposit_min_label": Formatting.price(settings.depositMinimum), "deposit_max_label": Formatting.price(settings.depositMaximum),
            "rental_minutes": settings.rentalWindowSeconds / 60, "cancel_hold_seconds": settings.cancelHoldSeconds,
        ]
    }
}
