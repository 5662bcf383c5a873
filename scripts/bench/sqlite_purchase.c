/* The raw SQLite baseline for the purchase benchmark (issue 5): the statements one purchase runs in
 * smscode (the quote read, then the charge-and-record write), prepared once, on a copy of the same
 * database with the same settings (WAL, synchronous=FULL, foreign keys, no mmap), in a tight loop on one
 * thread — what SQLite alone can do on this disk, with no HTTP, no JSON and no auth.
 * Usage: sqlite_purchase DB SECONDS   → prints "purchases/s p50_ms p99_ms". */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static sqlite3 *db;
static sqlite3_stmt *prep(const char *sql) {
    sqlite3_stmt *s;
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK) {
        fprintf(stderr, "prepare: %s\n%s\n", sqlite3_errmsg(db), sql);
        exit(1);
    }
    return s;
}
static void exec(const char *sql) {
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) { fprintf(stderr, "%s: %s\n", sql, err); exit(1); }
}
static void step_done(sqlite3_stmt *s) {
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {}
    if (rc != SQLITE_DONE) { fprintf(stderr, "step: %s\n", sqlite3_errmsg(db)); exit(1); }
    sqlite3_reset(s);
}
static double now_s(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }
static int cmp(const void *a, const void *b) { double x = *(const double *)a, y = *(const double *)b; return (x > y) - (x < y); }

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: %s DB SECONDS\n", argv[0]); return 2; }
    if (sqlite3_open(argv[1], &db) != SQLITE_OK) { fprintf(stderr, "open: %s\n", sqlite3_errmsg(db)); return 1; }
    sqlite3_busy_timeout(db, 5000);
    exec("PRAGMA foreign_keys = ON; PRAGMA mmap_size = 0; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;");
    /* The benchmark's buyers (funded accounts), used round-robin as the HTTP run uses their tokens. */
    sqlite3_stmt *account = prep("SELECT id FROM accounts WHERE balance > 1000000 ORDER BY id LIMIT 256");
    char accounts[256][128];
    int account_count = 0;
    while (sqlite3_step(account) == SQLITE_ROW) {
        snprintf(accounts[account_count++], sizeof accounts[0], "%s", (const char *)sqlite3_column_text(account, 0));
    }
    sqlite3_finalize(account);
    if (account_count == 0) { fprintf(stderr, "no funded account\n"); return 1; }

    sqlite3_stmt *begin = prep("BEGIN"), *begin_immediate = prep("BEGIN IMMEDIATE"), *commit = prep("COMMIT");
    sqlite3_stmt *country = prep("SELECT iso, dial_code, name_id, name_en, sms_activate_id, fivesim_name, sort FROM countries WHERE iso = 'ID' AND active = 1");
    sqlite3_stmt *service = prep("SELECT code, name, fivesim_name, category, sort FROM services WHERE code = 'tg' AND active = 1");
    sqlite3_stmt *price = prep("SELECT country, service, operator, cost, markup_percent, stock FROM prices WHERE country = 'ID' AND service = 'tg' AND operator = 'any' AND active = 1");
    sqlite3_stmt *active = prep("SELECT count(*) FROM orders WHERE account_id = ?1 AND state IN ('pending', 'received')");
    sqlite3_stmt *balance = prep("SELECT balance FROM accounts WHERE id = ?1");
    sqlite3_stmt *insert_order = prep("INSERT INTO orders (account_id, service, country, operator, provider, provider_order_id, phone, price, state, created_at, expires_at) "
                                      "VALUES (?1, 'tg', 'ID', 'any', 'baseline', ?2, '+6281234567890', 100, 'pending', '2026-11-27T10:00:00Z', '2026-11-27T10:20:00Z')");
    sqlite3_stmt *seen = prep("SELECT 1 FROM ledger WHERE reference = ?1");
    sqlite3_stmt *charge = prep("UPDATE accounts SET balance = balance + -100 WHERE id = ?1 AND balance + -100 >= 0");
    sqlite3_stmt *ledger = prep("INSERT INTO ledger (account_id, kind, amount, balance_after, reference, memo, created_at) "
                                "VALUES (?1, 'rental_charge', -100, ?2, ?3, 'baseline', '2026-11-27T10:00:00Z')");

    double seconds = atof(argv[2]), start = now_s(), *lat = malloc(sizeof(double) * 2000000);
    long n = 0;
    char ref[64], provider_id[64];
    while (now_s() - start < seconds && n < 2000000) {
        double t0 = now_s();
        const char *account_id = accounts[n % account_count];
        sqlite3_bind_text(active, 1, account_id, -1, SQLITE_STATIC);
        sqlite3_bind_text(balance, 1, account_id, -1, SQLITE_STATIC);
        sqlite3_bind_text(insert_order, 1, account_id, -1, SQLITE_STATIC);
        sqlite3_bind_text(charge, 1, account_id, -1, SQLITE_STATIC);
        sqlite3_bind_text(ledger, 1, account_id, -1, SQLITE_STATIC);
        step_done(begin);                       /* the quote, on a read snapshot */
        step_done(country); step_done(service); step_done(price); step_done(active); step_done(balance);
        step_done(commit);
        step_done(begin_immediate);             /* charge and record, one durable transaction */
        step_done(active);
        snprintf(provider_id, sizeof provider_id, "BASE-%ld-%ld", (long)start, n);
        sqlite3_bind_text(insert_order, 2, provider_id, -1, SQLITE_TRANSIENT);
        step_done(insert_order);
        snprintf(ref, sizeof ref, "order:%lld:charge", (long long)sqlite3_last_insert_rowid(db));
        sqlite3_bind_text(seen, 1, ref, -1, SQLITE_TRANSIENT); step_done(seen);
        step_done(charge);
        sqlite3_int64 after = 0;
        if (sqlite3_step(balance) == SQLITE_ROW) after = sqlite3_column_int64(balance, 0);
        sqlite3_reset(balance);
        sqlite3_bind_int64(ledger, 2, after);
        sqlite3_bind_text(ledger, 3, ref, -1, SQLITE_TRANSIENT);
        step_done(ledger);
        step_done(commit);
        lat[n++] = (now_s() - t0) * 1000;
    }
    double elapsed = now_s() - start;
    qsort(lat, n, sizeof(double), cmp);
    printf("%.0f %.3f %.3f\n", n / elapsed, lat[n / 2], lat[(long)(n * 0.99)]);
    return 0;
}
