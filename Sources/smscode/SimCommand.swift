import ArgumentParser
import Core
import Store

/// `smscode sim deliver ORDER_ID [TEXT]`: makes an SMS arrive for an order, through the same path as a
/// provider's (for demos and tests of the simulated provider). Without TEXT, a realistic one is made up.
struct SimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sim", abstract: "The simulated provider.", subcommands: [Deliver.self])

    struct Deliver: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Deliver an SMS to an order now.")
        @OptionGroup var options: CommonOptions
        @Argument(help: "The order id.") var order: Int64
        @Argument(help: "The SMS text (default: a realistic text for the order's service).") var text: String?

        func run() throws {
            let config = try options.load()
            let database = try DataFolder.openDatabase(config)
            try Migrator().migrate(database, now: Clock.live.now())
            let (environment, simulator) = try LiveEnvironment.live(config, database: database)
            guard let found = try SQLiteRentalStore(database: database).read({ db -> (Order, Service?)? in
                guard let order = try db.order(id: order) else { return nil }
                return (order, try db.service(order.service))
            }) else { throw ValidationError("no order \(order)") }
            let message = text ?? found.1.map(simulator.sampleText(service:)) ?? "Your verification code is 123456"
            let result = try environment.rentals.receive(orderID: found.0.id, sender: found.1?.name ?? "SMS", text: message, at: Clock.live.now())
            print(result == .unchanged ? "order \(order) is \(found.0.state.rawValue): the SMS was not shown" : "delivered to order \(order): \(message)")
        }
    }
}
