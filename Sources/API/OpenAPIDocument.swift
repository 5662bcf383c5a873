/// The OpenAPI 3.1 description of the native API. Kept by hand beside `Routes.swift`; a test checks
/// that both list the same operations, and schemathesis fuzzes the live server against it in `make test`.
///
/// When a handler changes, update here in the same change: request bodies (mirror `allowedKeys` with
/// `additionalProperties: false`), every status the operation can answer, the rate-limit table
/// (`RateLimits.swift`, nginx.conf zones) and the error-code table (`AccountErrorMapping.swift`, `HTTPError.swift`).
public enum OpenAPIDocument {
    public static func json(version: String) -> String {
        template.replacing("@VERSION@", with: version)
    }

    static let template = #"""
    {
      "openapi": "3.1.0",
      "info": {
        "title": "SMSCode API",
        "version": "@VERSION@",
        "description": "Rent temporary virtual phone numbers for OTP and verification SMS.\n\n## Conventions\n\n- Request bodies are JSON objects sent with `Content-Type: application/json` (optionally `; charset=utf-8`), else **415** `unsupported_media_type` (the gateway callbacks and the sandbox payment page, under `/api/v1/payments/`, take what their gateway sends instead). Bodies are parsed strictly: malformed JSON, duplicate members, `\\u0000` anywhere (the schemas say so with `pattern: ^[^\\x00]*$`), **unknown members**, missing members and wrong types are all **400** `invalid_request`. Bodies above 64 KiB are **413** `payload_too_large`.\n- Money is whole rupiah (IDR) as JSON integers. Times are RFC 3339 UTC strings (`format: date-time`). Ids are opaque strings.\n- Errors are `{\"error\": {\"code\": \"…\", \"message\": \"…\"}}`: `code` is stable (table below), `message` is for people and may change.\n- Every response carries `X-Request-Id` (quote it when reporting a problem); the application's answers also carry `Cache-Control: no-store`. Responses may gain fields; clients must ignore members they do not know.\n\n## Authentication\n\n- **API token** (bots): `Authorization: Bearer smsc_…`, created with `POST /api/v1/tokens` and shown once. A revoked token fails on the very next request.\n- **Dashboard session**: `POST /api/v1/auth/login` sets the `HttpOnly`, `SameSite=Lax` session cookie (`__Host-sid` with `Secure` over HTTPS, `sid` on plain local HTTP) and returns a `csrf_token`. Every unsafe request (POST, PUT, PATCH, DELETE) made with the cookie must send that value as the `X-CSRF-Token` header, else **403** `csrf_failed`; `GET /api/v1/me` returns it again after a reload. Cookie requests with unsafe methods, and logins, are refused with **403** `csrf_failed` when they carry `Sec-Fetch-Site: cross-site`. Sessions end after 30 minutes idle or 12 hours in all, on logout, on a password reset (all sessions) or change (the other sessions), and when the account is suspended or deleted (a deleted account's tokens are revoked too).\n- Every operation whose `security` lists `bearer` accepts either credential. Without one it answers **401** `unauthorized`; a suspended or terminated account gets **403** `account_suspended` / `account_terminated`, and an account whose API access was revoked gets **403** `api_access_revoked` for its tokens.\n- Answers never reveal whether an email is registered: registration always answers 202, a password-reset request always 202, and a login with an unknown email gets the same 401 as a wrong password.\n\n## Money\n\n- The balance is whole rupiah and **non-withdrawable**: it can only be spent on SMSCode's services (Terms of Service §4). No endpoint withdraws it, pays it out or transfers it to another account, and the ledger has no such kind.\n- The balance grows only through deposits. `POST /api/v1/deposits` opens one at a payment gateway and answers how to pay; the deposit is credited **only** from the gateway's server-to-server callback, and only when that callback's signature is valid, it matches the deposit (order id, amount, currency, merchant) and the gateway's status API confirms the payment. Browser redirects, the return page and anything a client sends never credit a deposit. A deposit is credited at most once, however often its gateway repeats the callback. Deposits are Rp 10.000 to Rp 10.000.000 (the maximum is a server setting) and await payment until `expires_at`; a confirmed payment that arrives later is still credited.\n- Every balance change is a row of `GET /api/v1/ledger`, booked in the same transaction as the balance: `balance` in `GET /api/v1/me` always equals the sum of the ledger.\n- **Idempotency-Key**: `POST /api/v1/deposits` and `POST /api/v1/orders` accept an `Idempotency-Key` header of 1 to 255 printable ASCII characters, scoped to the account (one key space for both) (HTTP drops leading and trailing spaces, so they do not count; any other value is **400** `invalid_request`). The first answer to a key is kept, error answers below 500 included: a retry with the same key and the same body gets that answer again, with `Idempotent-Replayed: true`, and creates (or charges) nothing. The same key with another body or on the other endpoint is **422** `idempotency_conflict`; a retry while the first request is still running is **409** `idempotency_in_progress`. A 5xx answer is not kept, so the same key can be retried after one.\n- The gateways' callbacks (`/api/v1/payments/…`) are for the gateways: they need no credentials, ignore cookies, and are authenticated by the gateway's signature alone (unauthenticated: **400** `invalid_signature`, nothing changes).\n\n## Orders\n\n- `POST /api/v1/orders` rents a number for one service in one country at the price listed by `GET /api/v1/prices` (never more: send `max_price` to refuse a higher one) and charges it from the balance at once (ledger `rental_charge`, reference `order:<id>:charge`). Order ids are strings of digits.\n- An order is `pending` until the first SMS arrives; then it is `received`, shows the SMS in `GET /api/v1/orders/{id}/messages` and its code in `code`, and is no longer refundable. `received` becomes `finished` when the client finishes it or its window (`expires_at`, 20 minutes by default) ends. A `pending` order whose window ends without an SMS becomes `expired`; a `pending` order may be cancelled (`canceled`) from 2 minutes after purchase; one the provider fails becomes `failed` (so does a purchase no provider could answer: `phone` is null). `expired`, `canceled` and `failed` orders are refunded automatically and exactly once (`refunded: true`, ledger `refund`, reference `order:<id>:refund`). `finished`, `canceled`, `expired` and `failed` never change again; an SMS arriving after the window is not shown.\n- Wait for the code with `GET /api/v1/orders/{id}?wait=N` (long-poll, N up to 30 seconds) instead of polling quickly.\n- Another account's order id is answered **404** `not_found` by every order endpoint, like an unknown one.\n\n## Rate limits\n\nEvery 429 carries `Retry-After` (seconds) and the `rate_limited` error code.\n\n| where | what is limited | budget |\n|---|---|---|\n| nginx, per client IP | every `/api/` path outside `/api/v1/auth/` | 20 requests/s, burst 40 (`Retry-After: 1`) |\n| nginx, per client IP | every `/api/v1/auth/…` path | 10 requests/min, burst 5 (`Retry-After: 6`) |\n| app, per client IP | register, verify, login, password-reset, password-reset/confirm | 20 requests/min, burst 10 |\n| app, per caller (API token, or account for sessions) | every authenticated request | 20 requests/s, burst 40 |\n| app, per account | `POST /api/v1/tokens` | 20 attempts/hour, burst 20 (refused attempts count too) |\n| app, per account | `POST /api/v1/orders/{id}/cancel` | 30 attempts/hour, burst 10 (refused attempts count too) |\n| app, per account | `DELETE /api/v1/account` | 10 attempts/hour, burst 5 (refused attempts count too) |\n| app, per email and per client IP | failed logins | after 5 failures within 15 min, each further attempt must wait 30 s, doubling per failure up to 15 min; a successful login clears the email's count |\n| app, per account | verification mails (`POST /api/v1/auth/verify/resend`) | one per 60 s |\n| app, per account | password-reset mails | one per 60 s (further requests still answer 202, no mail is sent) |\n\nAn account can hold at most 20 API tokens (**409** `too_many_tokens`).\n\n## Error codes\n\n| code | status | meaning |\n|---|---|---|\n| `invalid_request` | 400 | Malformed request: bad JSON, unknown or missing member, wrong type, invalid email address, bad token name, bad path or query encoding, bad `limit`, `cursor`, `status` or `wait`, bad `Idempotency-Key`, unknown or disabled payment gateway, unknown country or service in an order |\n| `weak_password` | 400 | The new password is shorter than 10 or longer than 128 characters, too common, contains the email's name, or too simple |\n| `adult_required` | 400 | Registration without `adult: true` |\n| `terms_not_accepted` | 400 | `terms_version` / `version` is not the current Terms of Service version (the message names it; `GET /api/v1/me` returns it as `terms.current`) |\n| `invalid_token` | 400 | A verification or password-reset link is invalid, expired or already used |\n| `deposit_amount_out_of_range` | 400 | The deposit amount is below Rp 10.000 or above the maximum (the message names the range) |\n| `invalid_signature` | 400 | A gateway callback that is not authenticated (bad or missing signature, tampered body, another merchant); nothing changed |\n| `unauthorized` | 401 | No valid API token or session |\n| `invalid_credentials` | 401 | Wrong email or password (login), wrong current password (password change) |\n| `insufficient_balance` | 402 | The balance is below the price of the order; nothing was charged |\n| `csrf_failed` | 403 | Cookie request without a matching `X-CSRF-Token`, or a cross-site request |\n| `forbidden` | 403 | A gateway callback from an address outside that gateway's allowlist (when one is configured) |\n| `email_unverified` | 403 | The email address must be confirmed first (deposits, orders) |\n| `account_suspended` | 403 | The account is suspended |\n| `account_terminated` | 403 | The account is terminated |\n| `api_access_revoked` | 403 | The operator revoked this account's API access: its tokens are refused and no token can be created |\n| `not_found` | 404 | No such resource, or it belongs to another account, or no such endpoint |\n| `method_not_allowed` | 405 | The path exists but not with this method (see `Allow`) |\n| `too_many_tokens` | 409 | The account already has 20 API tokens |\n| `idempotency_in_progress` | 409 | The first request with this `Idempotency-Key` is still running; retry shortly |\n| `no_numbers` | 409 | No number is available for this country, service and operator right now (out of stock, or no such operator); nothing was charged |\n| `price_above_max` | 409 | The price is above the order's `max_price` (the message names the price); nothing was charged |\n| `too_many_active_orders` | 409 | The account already has the most orders `pending` or `received` at once (20 by default) |\n| `early_cancel_denied` | 409 | A `pending` order can be cancelled only from 2 minutes after purchase; `Retry-After` says how many seconds remain |\n| `order_not_cancelable` | 409 | The order received an SMS (non-refundable) or is already settled |\n| `order_not_finishable` | 409 | Only a `received` order can be finished (no SMS yet, or already settled) |\n| `order_not_resendable` | 409 | Another SMS can be asked for only on a `received` order within its window |\n| `deletion_blocked` | 409 | `DELETE /api/v1/account` while orders are `pending`/`received` or deposits `pending` (the message counts them); nothing changed |\n| `forfeit_amount_mismatch` | 409 | `confirm_forfeit_amount` is not the balance that a deletion would forfeit; nothing changed |\n| `payload_too_large` | 413 | The body is larger than 64 KiB |\n| `unsupported_media_type` | 415 | The body is not sent as `application/json` |\n| `idempotency_conflict` | 422 | This `Idempotency-Key` was used with another request body |\n| `payment_rejected` | 422 | The payment gateway refused to open the payment (its reason is in the message) |\n| `rate_limited` | 429 | Too many requests; wait `Retry-After` seconds |\n| `internal_error` | 500 | A bug on our side; it has been logged under the `X-Request-Id` |\n| `gateway_unavailable` | 503 | The payment gateway could not be reached; nothing was charged, try again |\n| `provider_unavailable` | 503 | No number provider could answer (timeout or garbage upstream); the attempt is kept as a `failed` order without a number (`phone: null`), charged and refunded in the same instant, so the balance does not change (the message names the order); `Retry-After` says when to try again |\n| `bad_gateway`, `service_unavailable`, `gateway_timeout` | 502, 503, 504 | The application is not reachable or did not answer in time |",
        "license": {
          "name": "Proprietary",
          "identifier": "LicenseRef-SMSCode"
        }
      },
      "tags": [
        {
          "name": "system",
          "description": "Health and this document"
        },
        {
          "name": "auth",
          "description": "Registration, email verification, login, logout and password reset"
        },
        {
          "name": "account",
          "description": "The caller's own account"
        },
        {
          "name": "sessions",
          "description": "The caller's dashboard sessions"
        },
        {
          "name": "tokens",
          "description": "The caller's API tokens"
        },
        {
          "name": "orders",
          "description": "Renting numbers and reading the SMS they receive"
        },
        {
          "name": "deposits",
          "description": "Topping up the balance through a payment gateway"
        },
        {
          "name": "ledger",
          "description": "The caller's balance history"
        },
        {
          "name": "payments",
          "description": "Server-to-server callbacks of the payment gateways, and the sandbox gateway's payment page"
        },
        {
          "name": "catalog",
          "description": "Countries, services and prices (public, no authentication)"
        },
        {
          "name": "providers",
          "description": "Server-to-server calls from upstream number providers"
        }
      ],
      "paths": {
        "/api/v1/health": {
          "get": {
            "operationId": "getHealth",
            "summary": "Liveness and database reachability",
            "tags": [
              "system"
            ],
            "security": [],
            "responses": {
              "200": {
                "description": "Serving, database readable",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/RequestId"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Health"
                    }
                  }
                }
              },
              "503": {
                "description": "The database cannot be read",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/RequestId"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Health"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "429": {
                "$ref": "#/components/responses/RateLimited"
              }
            }
          }
        },
        "/api/v1/openapi.json": {
          "get": {
            "operationId": "getOpenAPIDocument",
            "summary": "This document",
            "tags": [
              "system"
            ],
            "security": [],
            "responses": {
              "200": {
                "description": "The OpenAPI 3.1 document",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/RequestId"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "429": {
                "$ref": "#/components/responses/RateLimited"
              }
            }
          }
        },
        "/metrics": {
          "get": {
            "operationId": "metrics",
            "summary": "Prometheus metrics (this host only)",
            "description": "For the operator's scraper on the same machine: nginx allows it from 127.0.0.1 and ::1 only and the application answers anyone else 404. Requests and latency histograms per route, provider errors, background jobs' last runs, the last reconciliation's findings, orders and deposits by state, refunds, and settlements due. Prometheus text format 0.0.4.",
            "tags": ["system"],
            "security": [],
            "responses": {
              "200": {
                "description": "The metrics",
                "content": {"text/plain": {"schema": {"type": "string"}}}
              },
              "404": {"$ref": "#/components/responses/NotFound"}
            }
          }
        },
        "/api/v1/auth/register": {
          "post": {
            "operationId": "register",
            "summary": "Register an account",
            "description": "Always answers 202 with the same body, whether or not the email is already registered (no enumeration). A new address gets a verification mail with a single-use link valid for 24 hours (`…/verify#token=…`, see `POST /api/v1/auth/verify`); an address that already has an account gets a mail saying so. The new account is `unverified` until the link is used.",
            "tags": [
              "auth"
            ],
            "security": [],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/RegisterRequest"
                  }
                }
              }
            },
            "responses": {
              "202": {
                "description": "Accepted; check your mailbox",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/RequestId"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/VerificationSent"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest",
                "description": "`invalid_request` (malformed body or email address), `weak_password`, `adult_required` or `terms_not_accepted`"
              },
              "413": {
                "$ref": "#/components/responses/PayloadTooLarge"
              },
              "415": {
                "$ref": "#/components/responses/UnsupportedMediaType"
              },
              "429": {
                "$ref": "#/components/responses/RateLimited"
              }
            }
          }
        },
        "/api/v1/auth/verify": {
          "post": {
            "operationId": "verifyEmail",
            "summary": "Confirm an email address with the link from the verification mail",
            "description": "The dashboard's `/verify` page reads the token from the link's fragment (`#token=…`, never sent to a server) and posts it here. The token is single use. The answer is the account, now `active`; it does not log in.",
            "tags": [
              "auth"
            ],
            "security": [],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/LinkTokenRequest"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "Verified",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/RequestId"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Me"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest",
                "description": "`invalid_request` (malformed body) or `invalid_token` (unknown, expired or already used)"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden",
                "description": "`account_suspended` or `account_terminated`"
              },
              "413": {
                "$ref": "#/components/responses/PayloadTooLarge"
              },
              "415": {
                "$ref": "#/components/responses/UnsupportedMediaType"
              },
              "429": {
                "$ref": "#/components/responses/RateLimited"
              }
            }
          }
        },
        "/api/v1/auth/verify/resend": {
          "post": {
            "operationId": "resendVerification",
            "summary": "Send a fresh verification mail to the caller's address",
            "description": "At most one mail per 60 seconds (else 429 with `Retry-After`). An already verified account gets `already_verified` and no mail. No request body. Authenticate with a bearer token or with the session cookie plus `X-CSRF-Token`.",
            "tags": [
              "auth"
            ],
            "security": [
              {
                "bearer": []
              }
            ],
            "responses": {
              "202": {
                "description": "Mail queued, or nothing to do",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/RequestId"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/ResendStatus"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "429": {
                "$ref": "#/components/responses/RateLimited"
              }
            }
          }
        },
        "/api/v1/auth/login": {
          "post": {
            "operationId": "login",
            "summary": "Log in to the dashboard",
            "description": "Sets the session cookie (`HttpOnly; SameSite=Lax`; `__Host-sid` with `Secure` over HTTPS, `sid` on local HTTP; `Max-Age` 12 hours; the session also ends after 30 minutes idle) and returns the CSRF token that unsafe cookie requests must send as `X-CSRF-Token`. An unknown email and a wrong password get the same 401 answer. After 5 failed logins within 15 minutes for one email, or from one IP address, further attempts get 429 with `Retry-After` (30 s, doubling per failure, at most 15 min). Refused with 403 `csrf_failed` when sent with `Sec-Fetch-Site: cross-site`. Unverified accounts may log in.",
            "tags": [
              "auth"
            ],
            "security": [],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/LoginRequest"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "Logged in",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/RequestId"
                  },
                  "Set-Cookie": {
                    "$ref": "#/components/headers/SetSessionCookie"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/LoginResponse"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized",
                "description": "`invalid_credentials`: unknown email or wrong password (the same answer for both)"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden",
                "description": "`account_suspended`, `account_terminated`, or `csrf_failed` (cross-site request)"
              },
              "413": {
                "$ref": "#/components/responses/PayloadTooLarge"
              },
              "415": {
                "$ref": "#/components/responses/UnsupportedMediaType"
              },
              "429": {
                "$ref": "#/components/responses/RateLimited",
                "description": "Too many requests from this IP, or too many failed logins for this email or from this IP"
              }
            }
          }
        },
        "/api/v1/auth/logout": {
          "post": {
            "operationId": "logout",
            "summary": "End the current dashboard session",
            "description": "Ends the session server side and clears the cookie; the next request with the old cookie gets 401. With a bearer token there is no session to end and nothing happens (revoke tokens with `DELETE /api/v1/tokens/{id}`). No request body. Cookie callers must send `X-CSRF-Token`.",
            "tags": [
              "auth"
            ],
            "security": [
              {
                "bearer": []
              }
            ],
            "responses": {
              "204": {
                "description": "Logged out",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/RequestId"
                  },
                  "Set-Cookie": {
                    "$ref": "#/components/headers/ClearSessionCookie"
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "429": {
                "$ref": "#/components/responses/RateLimited"
              }
            }
          }
        },
        "/api/v1/auth/password-reset": {
          "post": {
            "operationId": "requestPasswordReset",
            "summary": "Mail a password-reset link",
            "description": "Always answers 202 (no enumeration). A known, usable account gets a single-use link valid for 30 minutes (`…/reset#token=…`, see `POST /api/v1/auth/password-reset/confirm`), at most one per 60 seconds.",
            "tags": [
              "auth"
            ],
            "security": [],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/EmailRequest"
                  }
                }
              }
            },
            "responses": {
              "202": {
                "description": "Accepted",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/RequestId"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/ResetRequested"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest",
                "description": "`invalid_request` (malformed body or email address)"
              },
              "413": {
                "$ref": "#/components/responses/PayloadTooLarge"
              },
              "415": {
                "$ref": "#/components/responses/UnsupportedMediaType"
              },
              "429": {
                "$ref": "#/components/responses/RateLimited"
              }
            }
          }
        },
        "/api/v1/auth/password-reset/confirm": {
          "post": {
            "operationId": "confirmPasswordReset",
            "summary": "Set a new password with the link from the reset mail",
            "description": "The token is the part after `#token=` in the link; it is single use and is not spent by a refused (weak) password. Every session of the account ends. Using the link also confirms an unverified email address. Does not log in.",
            "tags": [
              "auth"
            ],
            "security": [],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/ResetConfirmRequest"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "Password changed",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/RequestId"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/PasswordChanged"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest",
                "description": "`invalid_request`, `invalid_token` (unknown, expired or already used) or `weak_password`"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden",
                "description": "`account_suspended` or `account_terminated`"
              },
              "413": {
                "$ref": "#/components/responses/PayloadTooLarge"
              },
              "415": {
                "$ref": "#/components/responses/UnsupportedMediaType"
              },
              "429": {
                "$ref": "#/components/responses/RateLimited"
              }
            }
          }
        },
        "/api/v1/me": {
          "get": {
            "operationId": "getMe",
            "summary": "The caller's account",
            "description": "With a session cookie the answer includes `csrf_token`, so the dashboard can recover it after a reload. Authenticate with a bearer token or with the session cookie.",
            "tags": [
              "account"
            ],
            "security": [
              {
                "bearer": []
              }
            ],
            "responses": {
              "200": {
                "description": "The account",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/RequestId"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Me"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden",
                "description": "`account_suspended`, `account_terminated` or `api_access_revoked`"
              },
              "429": {
                "$ref": "#/components/responses/RateLimited"
              }
            }
          }
        },
        "/api/v1/me/terms": {
          "post": {
            "operationId": "acceptTerms",
            "summary": "Accept the current Terms of Service",
            "description": "`version` must be the current version (`terms.current` in `GET /api/v1/me`). Authenticate with a bearer token or with the session cookie plus `X-CSRF-Token`.",
            "tags": [
              "account"
            ],
            "security": [
              {
                "bearer": []
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/TermsRequest"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "Accepted; the updated account",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/RequestId"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Me"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest",
                "description": "`invalid_request` or `terms_not_accepted` (not the current version)"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "413": {
                "$ref": "#/components/responses/PayloadTooLarge"
              },
              "415": {
                "$ref": "#/components/responses/UnsupportedMediaType"
              },
              "429": {
                "$ref": "#/components/responses/RateLimited"
              }
            }
          }
        },
        "/api/v1/me/password": {
          "post": {
            "operationId": "changePassword",
            "summary": "Change the password",
            "description": "Needs the current password. Every other session of the account ends; the caller's own session stays. A notice is mailed to the account. Authenticate with a bearer token or with the session cookie plus `X-CSRF-Token`.",
            "tags": [
              "account"
            ],
            "security": [
              {
                "bearer": []
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/PasswordChangeRequest"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "Password changed",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/RequestId"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/PasswordChanged"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest",
                "description": "`invalid_request` or `weak_password`"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized",
                "description": "`unauthorized`, or `invalid_credentials` (wrong current password)"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "413": {
                "$ref": "#/components/responses/PayloadTooLarge"
              },
              "415": {
                "$ref": "#/components/responses/UnsupportedMediaType"
              },
              "429": {
                "$ref": "#/components/responses/RateLimited"
              }
            }
          }
        },
        "/api/v1/sessions": {
          "get": {
            "operationId": "listSessions",
            "summary": "The caller's dashboard sessions",
            "description": "Every live session of the account, to review and end. `current` marks the session making the request (never set for bearer callers). Authenticate with a bearer token or with the session cookie.",
            "tags": [
              "sessions"
            ],
            "security": [
              {
                "bearer": []
              }
            ],
            "responses": {
              "200": {
                "description": "The sessions",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/RequestId"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/SessionList"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "429": {
                "$ref": "#/components/responses/RateLimited"
              }
            }
          }
        },
        "/api/v1/sessions/{id}": {
          "delete": {
            "operationId": "endSession",
            "summary": "End one of the caller's sessions",
            "description": "Another account's session id is answered 404, like an unknown one. Authenticate with a bearer token or with the session cookie plus `X-CSRF-Token`.",
            "tags": [
              "sessions"
            ],
            "security": [
              {
                "bearer": []
              }
            ],
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "A session id from `GET /api/v1/sessions` (24 lowercase hex digits)",
                "schema": {
                  "type": "string",
                  "pattern": "^[0-9a-f]{24}$"
                }
              }
            ],
            "responses": {
              "204": {
                "description": "Ended",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/RequestId"
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "429": {
                "$ref": "#/components/responses/RateLimited"
              }
            }
          }
        },
        "/api/v1/tokens": {
          "get": {
            "operationId": "listTokens",
            "summary": "The caller's API tokens",
            "description": "Tokens that are not revoked, newest first. The secret is never shown again; `hint` is its first characters. Authenticate with a bearer token or with the session cookie.",
            "tags": [
              "tokens"
            ],
            "security": [
              {
                "bearer": []
              }
            ],
            "responses": {
              "200": {
                "description": "The tokens",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/RequestId"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/TokenList"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "429": {
                "$ref": "#/components/responses/RateLimited"
              }
            }
          },
          "post": {
            "operationId": "createToken",
            "summary": "Create an API token",
            "description": "The secret (`token`) is in this answer only; store it now. At most 20 tokens per account and 20 new tokens per hour. Authenticate with a bearer token or with the session cookie plus `X-CSRF-Token`.",
            "tags": [
              "tokens"
            ],
            "security": [
              {
                "bearer": []
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/TokenCreateRequest"
                  }
                }
              }
            },
            "responses": {
              "201": {
                "description": "Created",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/RequestId"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/TokenCreated"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest",
                "description": "`invalid_request` (malformed body, or a name that is not 1 to 64 printable characters)"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden",
                "description": "`csrf_failed`, `account_suspended`, `account_terminated` or `api_access_revoked`"
              },
              "409": {
                "$ref": "#/components/responses/Conflict",
                "description": "`too_many_tokens`: the account already has 20 tokens"
              },
              "413": {
                "$ref": "#/components/responses/PayloadTooLarge"
              },
              "415": {
                "$ref": "#/components/responses/UnsupportedMediaType"
              },
              "429": {
                "$ref": "#/components/responses/RateLimited"
              }
            }
          }
        },
        "/api/v1/tokens/{id}": {
          "delete": {
            "operationId": "revokeToken",
            "summary": "Revoke one of the caller's API tokens",
            "description": "The token is refused from the very next request on. Another account's token id is answered 404, like an unknown one. Authenticate with a bearer token or with the session cookie plus `X-CSRF-Token`.",
            "tags": [
              "tokens"
            ],
            "security": [
              {
                "bearer": []
              }
            ],
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "A token id from `GET /api/v1/tokens` (24 lowercase hex digits)",
                "schema": {
                  "type": "string",
                  "pattern": "^[0-9a-f]{24}$"
                }
              }
            ],
            "responses": {
              "204": {
                "description": "Revoked",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/RequestId"
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "429": {
                "$ref": "#/components/responses/RateLimited"
              }
            }
          }
        },
        "/api/v1/orders": {
          "get": {
            "operationId": "listOrders",
            "summary": "The caller's orders",
            "description": "Newest first, optionally only those in one `status`. Authenticate with a bearer token or with the session cookie.",
            "tags": [
              "orders"
            ],
            "security": [
              {
                "bearer": []
              }
            ],
            "parameters": [
              {
                "name": "status",
                "in": "query",
                "required": false,
                "description": "Only orders in this state",
                "schema": {
                  "$ref": "#/components/schemas/OrderStatus"
                }
              },
              {
                "$ref": "#/components/parameters/Limit"
              },
              {
                "name": "cursor",
                "in": "query",
                "required": false,
                "description": "The `next_cursor` of the previous page (an order id); omit it for the newest orders",
                "schema": {
                  "type": "string",
                  "pattern": "^[1-9][0-9]{0,17}$"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "One page of orders",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/RequestId"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/OrderList"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest",
                "description": "`invalid_request`: unknown `status`, `limit` not 1 to 200, or a bad `cursor`"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "429": {
                "$ref": "#/components/responses/RateLimited"
              }
            }
          },
          "post": {
            "operationId": "createOrder",
            "summary": "Rent a number",
            "description": "Rents a number for `service` in `country` (and `operator`, default `any`) at the price `GET /api/v1/prices` lists, and charges it from the balance in the same step (ledger `rental_charge`, reference `order:<id>:charge`). The answer is the `pending` order with its `phone`; wait for the SMS with `GET /api/v1/orders/{id}?wait=30`. If no SMS arrives before `expires_at`, the order expires and the price is refunded automatically. Refused, with nothing charged: an unknown country or service (400 `invalid_request`), a balance below the price (402 `insufficient_balance`), no number in stock (409 `no_numbers`), a price above `max_price` (409 `price_above_max`), or too many orders `pending` or `received` at once (409 `too_many_active_orders`). The account's email must be verified. Send an `Idempotency-Key` to make retries safe: a retry gets the same order and is not charged again. Authenticate with a bearer token or with the session cookie plus `X-CSRF-Token`.",
            "tags": [
              "orders"
            ],
            "security": [
              {
                "bearer": []
              }
            ],
            "parameters": [
              {
                "$ref": "#/components/parameters/IdempotencyKey"
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/OrderCreateRequest"
                  }
                }
              }
            },
            "responses": {
              "201": {
                "description": "Rented and charged, waiting for the SMS (or, with `Idempotent-Replayed: true`, the first answer to this `Idempotency-Key` again)",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/RequestId"
                  },
                  "Idempotent-Replayed": {
                    "$ref": "#/components/headers/IdempotentReplayed"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Order"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest",
                "description": "`invalid_request`: malformed body, unknown country or service, `max_price` below 1, or a bad `Idempotency-Key`"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "402": {
                "$ref": "#/components/responses/PaymentRequired"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden",
                "description": "`email_unverified`, `csrf_failed`, `account_suspended`, `account_terminated` or `api_access_revoked`"
              },
              "409": {
                "description": "`no_numbers` (none in stock for this country, service and operator), `price_above_max` (the message names the price), `too_many_active_orders`, or `idempotency_in_progress` (the first request with this `Idempotency-Key` is still running). Nothing was charged",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/RequestId"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "413": {
                "$ref": "#/components/responses/PayloadTooLarge"
              },
              "415": {
                "$ref": "#/components/responses/UnsupportedMediaType"
              },
              "422": {
                "$ref": "#/components/responses/Unprocessable",
                "description": "`idempotency_conflict`: this `Idempotency-Key` was used with another body (or on `POST /api/v1/deposits`)"
              },
              "429": {
                "$ref": "#/components/responses/RateLimited"
              },
              "503": {
                "description": "`provider_unavailable`: no provider could answer (timeout, garbage); the attempt is a `failed` order, charged and refunded at once (the balance does not change)",
                "headers": {"Retry-After": {"$ref": "#/components/headers/RetryAfter"}, "X-Request-Id": {"$ref": "#/components/headers/RequestId"}},
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
              }
            }
          }
        },
        "/api/v1/orders/{id}": {
          "get": {
            "operationId": "getOrder",
            "summary": "One of the caller's orders, optionally waiting for a change",
            "description": "The order as it is now; an order whose window has ended is settled first (`expired` and refunded, or `finished`). With `wait` (1 to 30 seconds) on a `pending` or `received` order, the answer is held until the order changes (a new `code`, another `status`) or `wait` seconds pass, whichever comes first, so a client learns of the SMS at once without polling quickly. The change is measured from the order as this request first reads it: on a `received` order the request waits for the next SMS (after `resend`) or the end of the window. Settled orders are answered at once. The server holds only a bounded number of waiting requests (half its worker threads); beyond that a request is answered at once as if `wait` were 0, so a client that gets an unchanged order back early should pause about a second before asking again. Another account's order id is answered 404. Authenticate with a bearer token or with the session cookie.",
            "tags": [
              "orders"
            ],
            "security": [
              {
                "bearer": []
              }
            ],
            "parameters": [
              {
                "$ref": "#/components/parameters/OrderId"
              },
              {
                "name": "wait",
                "in": "query",
                "required": false,
                "description": "Seconds to wait for a change (long-poll), 0 to 30; 0 answers at once",
                "schema": {
                  "type": "integer",
                  "minimum": 0,
                  "maximum": 30,
                  "default": 0
                }
              }
            ],
            "responses": {
              "200": {
                "description": "The order",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/RequestId"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Order"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest",
                "description": "`invalid_request`: `wait` is not a whole number from 0 to 30"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound",
                "description": "`not_found`: no such order, or another account's"
              },
              "429": {
                "$ref": "#/components/responses/RateLimited"
              }
            }
          }
        },
        "/api/v1/orders/{id}/cancel": {
          "post": {
            "operationId": "cancelOrder",
            "summary": "Cancel a pending order (refunded)",
            "description": "Cancels a `pending` order: `canceled`, and the price is refunded at once (`refunded: true`, ledger `refund`). Cancelling is allowed from 2 minutes after purchase (a server setting); earlier it is 409 `early_cancel_denied` with `Retry-After`. An order that received an SMS is fulfilled and cannot be cancelled (409 `order_not_cancelable`, as for settled orders). A `pending` order whose window has ended is answered `expired` (refunded). Each account may try to cancel 30 times an hour (bursts of 10), refused attempts included; beyond that the answer is 429 `rate_limited`. No request body. Authenticate with a bearer token or with the session cookie plus `X-CSRF-Token`.",
            "tags": [
              "orders"
            ],
            "security": [
              {
                "bearer": []
              }
            ],
            "parameters": [
              {
                "$ref": "#/components/parameters/OrderId"
              }
            ],
            "responses": {
              "200": {
                "description": "The order after the change",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/RequestId"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Order"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound",
                "description": "`not_found`: no such order, or another account's"
              },
              "409": {
                "description": "`early_cancel_denied` (too early; `Retry-After` gives the seconds until it is allowed) or `order_not_cancelable` (the order received an SMS, or is already settled)",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/RequestId"
                  },
                  "Retry-After": {
                    "description": "With `early_cancel_denied`: seconds until the order may be cancelled",
                    "required": false,
                    "schema": {
                      "type": "integer",
                      "minimum": 1
                    }
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "429": {
                "$ref": "#/components/responses/RateLimited"
              }
            }
          }
        },
        "/api/v1/orders/{id}/finish": {
          "post": {
            "operationId": "finishOrder",
            "summary": "Finish a received order",
            "description": "Marks a `received` order `finished`: the client has its code and needs no further SMS on this number. A `pending` order (no SMS yet) or a settled one is 409 `order_not_finishable`; cancel a pending one instead. A `pending` order whose window has ended is answered `expired` (refunded). No request body. Authenticate with a bearer token or with the session cookie plus `X-CSRF-Token`.",
            "tags": [
              "orders"
            ],
            "security": [
              {
                "bearer": []
              }
            ],
            "parameters": [
              {
                "$ref": "#/components/parameters/OrderId"
              }
            ],
            "responses": {
              "200": {
                "description": "The order after the change",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/RequestId"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Order"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound",
                "description": "`not_found`: no such order, or another account's"
              },
              "409": {
                "description": "`order_not_finishable`: the order has no SMS yet, or is already settled",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/RequestId"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "429": {
                "$ref": "#/components/responses/RateLimited"
              }
            }
          }
        },
        "/api/v1/orders/{id}/resend": {
          "post": {
            "operationId": "resendOrder",
            "summary": "Ask for another SMS on a received order",
            "description": "Asks the provider for another SMS on the same number (when the service sends a new code, e.g. after a failed login). The order stays `received`; the new SMS appears in the messages and its code in `code`. Allowed only on a `received` order within its window: a `pending` or settled order is 409 `order_not_resendable`; a `received` order whose window has ended is answered `finished`. No request body. Authenticate with a bearer token or with the session cookie plus `X-CSRF-Token`.",
            "tags": [
              "orders"
            ],
            "security": [
              {
                "bearer": []
              }
            ],
            "parameters": [
              {
                "$ref": "#/components/parameters/OrderId"
              }
            ],
            "responses": {
              "200": {
                "description": "The order after the change",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/RequestId"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Order"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound",
                "description": "`not_found`: no such order, or another account's"
              },
              "409": {
                "description": "`order_not_resendable`: the order has no first SMS yet, or is already settled",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/RequestId"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "429": {
                "$ref": "#/components/responses/RateLimited"
              }
            }
          }
        },
        "/api/v1/orders/{id}/messages": {
          "get": {
            "operationId": "listOrderMessages",
            "summary": "The SMS an order received",
            "description": "Every SMS shown for the order, oldest first, with the full text and the code found in it. Empty while the order is `pending`; an SMS that arrives after the window ends is not shown. Another account's order id is answered 404. Authenticate with a bearer token or with the session cookie.",
            "tags": [
              "orders"
            ],
            "security": [
              {
                "bearer": []
              }
            ],
            "parameters": [
              {
                "$ref": "#/components/parameters/OrderId"
              }
            ],
            "responses": {
              "200": {
                "description": "The messages",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/RequestId"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/OrderMessageList"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound",
                "description": "`not_found`: no such order, or another account's"
              },
              "429": {
                "$ref": "#/components/responses/RateLimited"
              }
            }
          }
        },
        "/api/v1/inbound/sms": {
          "post": {
            "operationId": "inboundSMS",
            "summary": "An SMS pushed by our own SIM bank (own pool)",
            "description": "Called by the own pool's modem gateway, not by users. The gateway signs `<unix seconds>.<raw body>` with HMAC-SHA256 under `POOL_INBOUND_SECRET` and sends the hex digest in `X-SMSCode-Signature` and the seconds in `X-SMSCode-Timestamp`; a signature more than 300 seconds off is refused. The message goes to the order the number `to` serves, through the same rules as any provider's SMS (shown only inside the window). The same body again changes nothing (`duplicate`). Without an own pool configured every call is 401.",
            "tags": ["orders"],
            "security": [],
            "parameters": [
              {"name": "X-SMSCode-Timestamp", "in": "header", "required": true, "schema": {"type": "string", "pattern": "^[0-9]{1,12}$"}},
              {"name": "X-SMSCode-Signature", "in": "header", "required": true, "schema": {"type": "string", "pattern": "^[0-9a-fA-F]{64}$"}}
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["to", "from", "text", "received_at"],
                    "properties": {
                      "to": {"type": "string", "description": "The pool number, E.164 with +.", "examples": ["+6281234567890"]},
                      "from": {"type": "string", "maxLength": 64, "description": "The sender id.", "examples": ["Telegram"]},
                      "text": {"type": "string", "maxLength": 2000, "examples": ["Telegram code: 112648"]},
                      "received_at": {"type": "string", "format": "date-time"}
                    }
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "`delivered`, `duplicate`, or `no_active_order` (the number serves no order now)",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": ["status"],
                      "properties": {"status": {"type": "string", "enum": ["delivered", "duplicate", "no_active_order"]}}
                    }
                  }
                }
              },
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "413": {"$ref": "#/components/responses/PayloadTooLarge"},
              "415": {"$ref": "#/components/responses/UnsupportedMediaType"}
            }
          }
        },
        "/api/v1/ledger": {
          "get": {
            "operationId": "listLedger",
            "summary": "The caller's balance history",
            "description": "Every change of the caller's balance, newest first: `deposit` (credited from a verified gateway callback), `rental_charge`, `refund`, `forfeiture` and `adjustment` (by the operator, with the reason as `memo`). Rows are never changed or removed; `reference` is unique, so one deposit, charge or refund can never be booked twice. `balance_after` is the balance right after the row, and the balance in `GET /api/v1/me` always equals the sum of all rows. There is no withdrawal or transfer kind: the balance can only be spent on SMSCode (Terms of Service §4). Authenticate with a bearer token or with the session cookie.",
            "tags": [
              "ledger"
            ],
            "security": [
              {
                "bearer": []
              }
            ],
            "parameters": [
              {
                "$ref": "#/components/parameters/Limit"
              },
              {
                "name": "cursor",
                "in": "query",
                "required": false,
                "description": "The `next_cursor` of the previous page (a ledger row id); omit it for the newest rows",
                "schema": {
                  "type": "string",
                  "pattern": "^[1-9][0-9]{0,17}$"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "One page of ledger rows",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/RequestId"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/LedgerPage"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest",
                "description": "`invalid_request`: `limit` is not 1 to 200, or `cursor` is not a row id"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "429": {
                "$ref": "#/components/responses/RateLimited"
              }
            }
          }
        },
        "/api/v1/deposits": {
          "get": {
            "operationId": "listDeposits",
            "summary": "The caller's deposits",
            "description": "Newest first, optionally only those in one `status`. Authenticate with a bearer token or with the session cookie.",
            "tags": [
              "deposits"
            ],
            "security": [
              {
                "bearer": []
              }
            ],
            "parameters": [
              {
                "name": "status",
                "in": "query",
                "required": false,
                "description": "Only deposits in this state",
                "schema": {
                  "$ref": "#/components/schemas/DepositStatus"
                }
              },
              {
                "$ref": "#/components/parameters/Limit"
              },
              {
                "name": "cursor",
                "in": "query",
                "required": false,
                "description": "The `next_cursor` of the previous page (`<created_at>|<deposit id>`); omit it for the newest deposits",
                "schema": {
                  "type": "string",
                  "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z\\|D[0-9A-F]{20}$"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "One page of deposits",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/RequestId"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/DepositList"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest",
                "description": "`invalid_request`: unknown `status`, `limit` not 1 to 200, or a bad `cursor`"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "429": {
                "$ref": "#/components/responses/RateLimited"
              }
            }
          },
          "post": {
            "operationId": "createDeposit",
            "summary": "Open a deposit (top-up) at a payment gateway",
            "description": "Creates a `pending` deposit of `amount` rupiah and asks the gateway for a payment; the answer carries how to pay (`payment`: a payment page `url`, a virtual-account `va_number` or a QRIS `qr_string`, depending on the gateway and `method`). The balance is credited only when the gateway's verified callback confirms the payment (see Money in the description), never by this call, a browser redirect or the return page; poll `GET /api/v1/deposits/{id}` or the ledger to see it. `duitku` takes Indonesian bank transfers, virtual accounts, QRIS and e-wallets and needs a `method` (e.g. `BC`, `M2`, `I1`, `BR` virtual accounts, `SP`/`NQ` QRIS, `DA`, `OV`; without one, or with one Duitku does not offer, the answer is 422 `payment_rejected`); `heleket` takes crypto (an invoice in IDR, paid in the coin the payer picks on Heleket's page; `method` is not used); `sandbox` exists only on development and test servers and is paid on `/api/v1/payments/sandbox/pay/{id}`. The account's email must be verified. Send an `Idempotency-Key` to make retries safe. Authenticate with a bearer token or with the session cookie plus `X-CSRF-Token`.",
            "tags": [
              "deposits"
            ],
            "security": [
              {
                "bearer": []
              }
            ],
            "parameters": [
              {
                "$ref": "#/components/parameters/IdempotencyKey"
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/DepositCreateRequest"
                  }
                }
              }
            },
            "responses": {
              "201": {
                "description": "Created and waiting for payment (or, with `Idempotent-Replayed: true`, the first answer to this `Idempotency-Key` again)",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/RequestId"
                  },
                  "Idempotent-Replayed": {
                    "$ref": "#/components/headers/IdempotentReplayed"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Deposit"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest",
                "description": "`invalid_request` (malformed body, unknown or disabled `gateway`, a `method` that is not a method code, a bad `Idempotency-Key`) or `deposit_amount_out_of_range` (below Rp 10.000 or above the maximum; the message names the range)"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden",
                "description": "`email_unverified`, `csrf_failed`, `account_suspended`, `account_terminated` or `api_access_revoked`"
              },
              "409": {
                "$ref": "#/components/responses/Conflict",
                "description": "`idempotency_in_progress`: the first request with this `Idempotency-Key` is still running"
              },
              "413": {
                "$ref": "#/components/responses/PayloadTooLarge"
              },
              "415": {
                "$ref": "#/components/responses/UnsupportedMediaType"
              },
              "422": {
                "$ref": "#/components/responses/Unprocessable"
              },
              "429": {
                "$ref": "#/components/responses/RateLimited"
              },
              "503": {
                "$ref": "#/components/responses/GatewayUnavailable"
              }
            }
          }
        },
        "/api/v1/deposits/{id}": {
          "get": {
            "operationId": "getDeposit",
            "summary": "One of the caller's deposits",
            "description": "Another account's deposit id is answered 404, like an unknown one. Authenticate with a bearer token or with the session cookie.",
            "tags": [
              "deposits"
            ],
            "security": [
              {
                "bearer": []
              }
            ],
            "parameters": [
              {
                "$ref": "#/components/parameters/DepositId"
              }
            ],
            "responses": {
              "200": {
                "description": "The deposit",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/RequestId"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Deposit"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "429": {
                "$ref": "#/components/responses/RateLimited"
              }
            }
          }
        },
        "/api/v1/payments/duitku/callback": {
          "post": {
            "operationId": "duitkuCallback",
            "summary": "Duitku's payment notification (server to server)",
            "description": "Called by Duitku, not by clients: the `callbackUrl` of every Duitku deposit. No credentials, cookie or CSRF token are needed or honoured; the gate is the `signature`: 64 hex digits of HMAC-SHA256 keyed with our API key over `merchantCode + amount + merchantOrderId` as received (or 32 hex digits of the legacy `MD5(merchantCode + amount + merchantOrderId + key)`, accepted until the server is set to `DUITKU_MD5_CALLBACKS=false`). `merchantCode` must be ours, each field may appear once, `amount` must be whole rupiah (`15000`, `15000.00`) and `resultCode` `00` (success) or `01` (failed). An unauthenticated callback is **400** `invalid_signature` and changes nothing. An authenticated one is answered **200** with the acknowledgement once it is recorded, whatever it says: a payment is credited only if it names a deposit of ours with the same amount and, for `resultCode` `00`, Duitku's `transactionStatus` API confirms it; repeats, unknown orders and mismatches are recorded for review and credit nothing. When `transactionStatus` does not confirm a success (yet), the answer is **503** `RETRY` so that Duitku sends it again. Every callback is logged raw.",
            "tags": [
              "payments"
            ],
            "security": [],
            "requestBody": {
              "required": true,
              "content": {
                "application/x-www-form-urlencoded": {
                  "schema": {
                    "$ref": "#/components/schemas/DuitkuCallback"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "$ref": "#/components/responses/CallbackAcknowledged"
              },
              "400": {
                "$ref": "#/components/responses/CallbackRejected"
              },
              "403": {
                "$ref": "#/components/responses/CallbackForbidden"
              },
              "413": {
                "$ref": "#/components/responses/PayloadTooLarge"
              },
              "429": {
                "$ref": "#/components/responses/RateLimited"
              },
              "503": {
                "$ref": "#/components/responses/CallbackRetry"
              }
            }
          }
        },
        "/api/v1/payments/heleket/webhook": {
          "post": {
            "operationId": "heleketWebhook",
            "summary": "Heleket's payment webhook (server to server)",
            "description": "Called by Heleket, not by clients: the `url_callback` of every Heleket deposit. No credentials, cookie or CSRF token are needed or honoured; the gate is `sign` (`md5(base64(body without sign) + payment key)`), checked over the exact bytes received, and every member may appear once. An unauthenticated webhook is **400** `invalid_signature` and changes nothing. An authenticated one is answered **200** once it is recorded, whatever it says: only a final `paid` or `paid_over` for a deposit of ours with the same amount in IDR credits the deposit (its stored amount, never more), and only once Heleket's payment-info API confirms it; `cancel` expires a pending deposit and `fail`, `system_fail` and `wrong_amount` fail it; interim statuses (`check`, `process`, `confirm_check`, …), refunds, repeats, unknown orders, mismatches and `payout` webhooks (signed with our key, but not a payment) credit nothing. When the API does not confirm a paid webhook (yet), the answer is **503** `RETRY` so that Heleket sends it again. Every webhook is logged raw.",
            "tags": [
              "payments"
            ],
            "security": [],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/HeleketWebhook"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "$ref": "#/components/responses/CallbackAcknowledged"
              },
              "400": {
                "$ref": "#/components/responses/CallbackRejected"
              },
              "403": {
                "$ref": "#/components/responses/CallbackForbidden"
              },
              "413": {
                "$ref": "#/components/responses/PayloadTooLarge"
              },
              "429": {
                "$ref": "#/components/responses/RateLimited"
              },
              "503": {
                "$ref": "#/components/responses/CallbackRetry"
              }
            }
          }
        },
        "/api/v1/payments/sandbox/callback": {
          "post": {
            "operationId": "sandboxCallback",
            "summary": "The sandbox gateway's callback (development and test servers only)",
            "description": "The sandbox gateway's `callbackUrl`: a form whose `signature` is HMAC-SHA256, keyed with the server's own sandbox secret, over `order_id|amount|status|reference`, verified exactly like a real gateway's callback (same rules and answers as `POST /api/v1/payments/duitku/callback`). Clients have no use for it: pay a sandbox deposit on `/api/v1/payments/sandbox/pay/{id}`. On a server without the sandbox gateway (production) every request is **400** `invalid_request`.",
            "tags": [
              "payments"
            ],
            "security": [],
            "requestBody": {
              "required": true,
              "content": {
                "application/x-www-form-urlencoded": {
                  "schema": {
                    "$ref": "#/components/schemas/SandboxCallback"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "$ref": "#/components/responses/CallbackAcknowledged"
              },
              "400": {
                "$ref": "#/components/responses/CallbackRejected"
              },
              "413": {
                "$ref": "#/components/responses/PayloadTooLarge"
              },
              "429": {
                "$ref": "#/components/responses/RateLimited"
              },
              "503": {
                "$ref": "#/components/responses/CallbackRetry"
              }
            }
          }
        },
        "/api/v1/payments/sandbox/pay/{id}": {
          "get": {
            "operationId": "sandboxPaymentPage",
            "summary": "The sandbox gateway's payment page (development and test servers only)",
            "description": "An HTML page standing in for a bank or wallet: it shows the deposit and, while it is pending, two buttons (forms posting `outcome=paid` or `outcome=failed` to this URL). Viewing it changes nothing. The sandbox gateway is on only for a server whose public address is loopback (development, tests); elsewhere, and for ids that are not sandbox deposits, the answer is 404. The deposit id is the only key: no credentials.",
            "tags": [
              "payments"
            ],
            "security": [],
            "parameters": [
              {
                "$ref": "#/components/parameters/DepositId"
              }
            ],
            "responses": {
              "200": {
                "description": "The page",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/RequestId"
                  }
                },
                "content": {
                  "text/html": {
                    "schema": {
                      "type": "string"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "404": {
                "$ref": "#/components/responses/NotFound",
                "description": "`not_found`: no sandbox deposit with that id, or the sandbox gateway is off"
              },
              "429": {
                "$ref": "#/components/responses/RateLimited"
              }
            }
          },
          "post": {
            "operationId": "sandboxPay",
            "summary": "Pay (or fail) a sandbox deposit",
            "description": "What the payer did at the sandbox \"bank\": the sandbox gateway records it and sends its signed callback, which goes through the same verification, confirmation and exactly-once crediting as a real gateway's callback (no shortcut). The HTML answer says what the callback decided (`credited`, `already_settled`, `marked_failed`, …). Paying twice credits once. The body is exactly `outcome=paid` or `outcome=failed`.",
            "tags": [
              "payments"
            ],
            "security": [],
            "parameters": [
              {
                "$ref": "#/components/parameters/DepositId"
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/x-www-form-urlencoded": {
                  "schema": {
                    "$ref": "#/components/schemas/SandboxPayForm"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The callback was sent; the page shows its decision",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/RequestId"
                  }
                },
                "content": {
                  "text/html": {
                    "schema": {
                      "type": "string"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest",
                "description": "`invalid_request`: the body is not `outcome=paid` or `outcome=failed`"
              },
              "404": {
                "$ref": "#/components/responses/NotFound",
                "description": "`not_found`: no sandbox deposit with that id, or the sandbox gateway is off"
              },
              "413": {
                "$ref": "#/components/responses/PayloadTooLarge"
              },
              "429": {
                "$ref": "#/components/responses/RateLimited"
              }
            }
          }
        },
        "/api/v1/inbound/upstream": {
          "post": {
            "operationId": "upstreamWebhook",
            "summary": "An SMS pushed by an upstream provider (server to server)",
            "description": "Called by an upstream number provider, not by clients: the SMS-Activate webhook format (`activationId`, `service`, `text`, `code`, `country`, `receivedAt`; HeroSMS and DaisySMS send the same). No credentials, cookie or CSRF token are needed or honoured; the gate is the `X-Signature` header, the hex HMAC-SHA256 of the exact body bytes keyed with the server's `UPSTREAM_WEBHOOK_SECRET` (`sha256=` prefix optional), compared in constant time. Without that setting every push is refused. An unauthenticated push is **400** `invalid_signature` and changes nothing. `activationId` (string or integer) is the order id at the SMS-Activate upstream (the provider `PROVIDERS` calls `upstream`; other providers' orders cannot be reached this way); the SMS then takes the same path as every provider's SMS: it is shown only if the order's window is still open (judged by the time it arrives here, not `receivedAt`), and a received order is no longer refundable. `text` is the SMS (without it, `code` is used as the text); the other members are accepted and not needed. The same text pushed twice for one order is shown once (`shown` says whether the order shows it). The compatibility APIs themselves (`/stubs/handler_api.php`, `/v1/…`) are described on the site's compatibility page, not here.",
            "tags": [
              "providers"
            ],
            "security": [],
            "parameters": [
              {
                "name": "X-Signature",
                "in": "header",
                "required": true,
                "description": "Hex HMAC-SHA256 of the raw body, keyed with `UPSTREAM_WEBHOOK_SECRET`",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/UpstreamSMS"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "Authenticated and handed to the order",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/RequestId"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "status",
                        "shown"
                      ],
                      "properties": {
                        "status": {
                          "const": "ok"
                        },
                        "shown": {
                          "type": "boolean",
                          "description": "Whether the order shows this text (false when its window had passed)"
                        }
                      }
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest",
                "description": "`invalid_signature`: not authenticated (bad or missing `X-Signature`, body changed after signing, no secret configured); nothing changed. `invalid_request`: an authenticated push without a usable `activationId` or `text`"
              },
              "404": {
                "$ref": "#/components/responses/NotFound",
                "description": "`not_found`: no order of the upstream has that `activationId`"
              },
              "413": {
                "$ref": "#/components/responses/PayloadTooLarge"
              },
              "429": {
                "$ref": "#/components/responses/RateLimited"
              }
            }
          }
        },
        "/api/v1/countries": {
          "get": {
            "operationId": "listCountries",
            "summary": "Countries numbers come from",
            "description": "Active countries, Indonesia first. `name` is Indonesian unless `lang=en`. `sms_activate_id` and `fivesim_name` are the ids the SMS-Activate and 5sim compatible APIs use.",
            "tags": [
              "catalog"
            ],
            "security": [],
            "responses": {
              "200": {
                "description": "Countries numbers come from",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/RequestId"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/CountryList"
                    }
                  }
                }
              },
              "429": {
                "$ref": "#/components/responses/RateLimited"
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              }
            },
            "parameters": [
              {
                "name": "lang",
                "in": "query",
                "required": false,
                "description": "`en` for English names in `name`",
                "schema": {
                  "type": "string",
                  "enum": [
                    "id",
                    "en"
                  ]
                }
              }
            ]
          }
        },
        "/api/v1/services": {
          "get": {
            "operationId": "listServices",
            "summary": "Services numbers are rented for",
            "description": "Active services with their SMS-Activate codes (`tg` Telegram, `wa` WhatsApp, `ka` Shopee …).",
            "tags": [
              "catalog"
            ],
            "security": [],
            "responses": {
              "200": {
                "description": "Services numbers are rented for",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/RequestId"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/ServiceList"
                    }
                  }
                }
              },
              "429": {
                "$ref": "#/components/responses/RateLimited"
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              }
            }
          }
        },
        "/api/v1/prices": {
          "get": {
            "operationId": "listPrices",
            "summary": "Prices in rupiah",
            "description": "The price a rental costs, in whole rupiah, per country × service × operator (`any` = whichever the provider has), with the stock available. Prices are shown before purchase (Terms of Service §4); buying never charges more than the quoted price or `max_price`. `updated_at` is when any listed price last changed (null before the first catalog import).",
            "tags": [
              "catalog"
            ],
            "security": [],
            "responses": {
              "200": {
                "description": "Prices in rupiah",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/RequestId"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/PriceList"
                    }
                  }
                }
              },
              "429": {
                "$ref": "#/components/responses/RateLimited"
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              }
            },
            "parameters": [
              {
                "name": "country",
                "in": "query",
                "required": false,
                "description": "ISO country code, e.g. ID",
                "schema": {
                  "type": "string",
                  "pattern": "^[A-Za-z0-9]{1,16}$",
                  "example": "ID"
                }
              },
              {
                "name": "service",
                "in": "query",
                "required": false,
                "description": "Service code, e.g. tg",
                "schema": {
                  "type": "string",
                  "pattern": "^[A-Za-z0-9]{1,16}$",
                  "example": "tg"
                }
              }
            ]
          }
        },
        "/api/v1/account/deletion": {
          "get": {
            "operationId": "getDeletionPreview",
            "summary": "What deleting the account would do",
            "description": "Everything to see before confirming a deletion (Terms of Service §4, §9): the balance that would be forfeited (`forfeit_amount`, to repeat as `confirm_forfeit_amount`), the active orders (`pending`/`received`) and pending deposits that block a deletion until they are settled, the 30-day re-registration cooldown and when personal data would be purged. Changes nothing. Authenticate with a bearer token or with the session cookie.",
            "tags": [
              "account"
            ],
            "security": [
              {
                "bearer": []
              }
            ],
            "responses": {
              "200": {
                "description": "The preview",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/RequestId"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/DeletionPreview"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden",
                "description": "`account_suspended`, `account_terminated` or `api_access_revoked`"
              },
              "429": {
                "$ref": "#/components/responses/RateLimited"
              }
            }
          }
        },
        "/api/v1/account": {
          "delete": {
            "operationId": "deleteAccount",
            "summary": "Delete the account",
            "description": "Needs the current `password` and `confirm_forfeit_amount` equal to the balance (`forfeit_amount` of `GET /api/v1/account/deletion`). Refused with **409** `deletion_blocked` while orders are `pending`/`received` or deposits `pending`, and **409** `forfeit_amount_mismatch` when the amount is not the balance; nothing changes then. Otherwise, in one transaction: the whole balance is forfeited (ledger `forfeiture`, reference `account:<id>:forfeit`; the balance is non-withdrawable), the account is closed, every session ends and every API token is revoked (the next request with any of them is **401**), the email cannot register again for 30 days (only a keyed hash of it is kept), and a confirmation is mailed. Personal data is purged 30 days later (`purge_at`); orders and ledger rows are kept without identity, as the law requires. With the cookie the answer also clears it. Attempts are limited to 10 per hour per account (refused ones count). Authenticate with a bearer token or with the session cookie plus `X-CSRF-Token`.",
            "tags": [
              "account"
            ],
            "security": [
              {
                "bearer": []
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/DeleteAccountRequest"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "Deleted",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/RequestId"
                  },
                  "Set-Cookie": {
                    "$ref": "#/components/headers/ClearSessionCookie"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/AccountDeleted"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized",
                "description": "`unauthorized`, or `invalid_credentials` (wrong password)"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "409": {
                "$ref": "#/components/responses/Conflict",
                "description": "`deletion_blocked` (active orders or pending deposits; the message counts them) or `forfeit_amount_mismatch` (`confirm_forfeit_amount` is not the balance; the message names it). Nothing changed"
              },
              "413": {
                "$ref": "#/components/responses/PayloadTooLarge"
              },
              "415": {
                "$ref": "#/components/responses/UnsupportedMediaType"
              },
              "429": {
                "$ref": "#/components/responses/RateLimited"
              }
            }
          }
        }
      },
      "components": {
        "schemas": {
          "DepositStatus": {
            "type": "string",
            "enum": [
              "pending",
              "paid",
              "expired",
              "failed"
            ],
            "description": "`pending` until the gateway's verified callback settles it: `paid` (credited once, see the ledger), `failed` (the gateway reported a failure, or it refused to open the payment) or `expired` (nothing arrived within its lifetime; a payment that still arrives later is credited all the same)"
          },
          "DepositCreateRequest": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "amount",
              "gateway"
            ],
            "properties": {
              "amount": {
                "type": "integer",
                "minimum": 10000,
                "maximum": 10000000,
                "description": "Whole rupiah to pay and to be credited: at least Rp 10.000; at most Rp 10.000.000 (a server setting, `DEPOSIT_MAX`; `deposit_amount_out_of_range` names the range in force)"
              },
              "gateway": {
                "type": "string",
                "enum": [
                  "duitku",
                  "heleket",
                  "sandbox"
                ],
                "description": "`duitku` (bank transfer, virtual account, QRIS, e-wallets), `heleket` (crypto) or `sandbox` (development and test servers only; elsewhere `invalid_request`)"
              },
              "method": {
                "type": [
                  "string",
                  "null"
                ],
                "pattern": "^[0-9A-Z]{1,8}$",
                "description": "The gateway's payment method code: required for `duitku` (e.g. `BC` BCA virtual account, `M2` Mandiri, `I1` BNI, `BR` BRI, `SP`/`NQ` QRIS, `DA` DANA, `OV` OVO), ignored by `heleket` and `sandbox`. A missing or unknown Duitku method is refused with `payment_rejected`."
              }
            }
          },
          "DepositPayment": {
            "type": "object",
            "additionalProperties": false,
            "description": "How to pay, as the gateway answered; members the gateway did not give are absent (empty when the gateway refused to open the payment)",
            "properties": {
              "url": {
                "type": "string",
                "description": "The gateway's payment page, to open in a browser"
              },
              "va_number": {
                "type": "string",
                "description": "The virtual-account number to transfer to (virtual-account methods)"
              },
              "qr_string": {
                "type": "string",
                "description": "The QRIS payload, to render as a QR code (QRIS methods)"
              }
            }
          },
          "Deposit": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "id",
              "amount",
              "gateway",
              "status",
              "payment",
              "created_at",
              "expires_at"
            ],
            "properties": {
              "id": {
                "type": "string",
                "pattern": "^D[0-9A-F]{20}$",
                "description": "Also our order id at the gateway (Duitku `merchantOrderId`, Heleket `order_id`)"
              },
              "amount": {
                "type": "integer",
                "minimum": 10000,
                "description": "Whole rupiah: what to pay and what will be credited"
              },
              "gateway": {
                "type": "string",
                "enum": [
                  "duitku",
                  "heleket",
                  "sandbox"
                ]
              },
              "method": {
                "type": "string",
                "pattern": "^[0-9A-Z]{1,8}$",
                "description": "The payment method code asked for; absent when none was given"
              },
              "status": {
                "$ref": "#/components/schemas/DepositStatus"
              },
              "payment": {
                "$ref": "#/components/schemas/DepositPayment"
              },
              "created_at": {
                "type": "string",
                "format": "date-time"
              },
              "expires_at": {
                "type": "string",
                "format": "date-time",
                "description": "Until when the payment is awaited (60 minutes after creation by default)"
              }
            }
          },
          "DepositList": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "items",
              "next_cursor"
            ],
            "properties": {
              "items": {
                "type": "array",
                "maxItems": 200,
                "items": {
                  "$ref": "#/components/schemas/Deposit"
                }
              },
              "next_cursor": {
                "type": [
                  "string",
                  "null"
                ],
                "description": "Pass as `cursor` for the next page; null on the last page"
              }
            }
          },
          "LedgerEntry": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "id",
              "kind",
              "amount",
              "balance_after",
              "reference",
              "memo",
              "created_at"
            ],
            "properties": {
              "id": {
                "type": "string",
                "pattern": "^[1-9][0-9]*$"
              },
              "kind": {
                "type": "string",
                "enum": [
                  "deposit",
                  "rental_charge",
                  "refund",
                  "forfeiture",
                  "adjustment"
                ],
                "description": "Why the balance changed. There is no withdrawal or transfer kind: the balance is non-withdrawable (Terms of Service §4)"
              },
              "amount": {
                "type": "integer",
                "description": "Signed whole rupiah: positive credits, negative debits"
              },
              "balance_after": {
                "type": "integer",
                "minimum": 0,
                "description": "The balance right after this row (it never goes below zero)"
              },
              "reference": {
                "type": "string",
                "description": "Unique: what was booked, e.g. `deposit:D…` for a credited deposit"
              },
              "memo": {
                "type": "string",
                "description": "For people: the gateway and its reference for deposits, the operator's reason for adjustments; may be empty"
              },
              "created_at": {
                "type": "string",
                "format": "date-time"
              }
            }
          },
          "LedgerPage": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "items",
              "next_cursor"
            ],
            "properties": {
              "items": {
                "type": "array",
                "maxItems": 200,
                "items": {
                  "$ref": "#/components/schemas/LedgerEntry"
                }
              },
              "next_cursor": {
                "type": [
                  "string",
                  "null"
                ],
                "description": "Pass as `cursor` for the next (older) page; null on the last page"
              }
            }
          },
          "DuitkuCallback": {
            "type": "object",
            "description": "Duitku's notification, form-encoded (payments.md A.6). Further members are ignored (and kept in the raw log).",
            "required": [
              "merchantCode",
              "amount",
              "merchantOrderId",
              "resultCode",
              "reference",
              "signature"
            ],
            "properties": {
              "merchantCode": {
                "type": "string",
                "description": "Our Duitku project code; another one is `invalid_signature`"
              },
              "amount": {
                "type": "string",
                "description": "Whole rupiah as decimal digits, optionally with `.0` or `.00`; must equal the deposit's amount"
              },
              "merchantOrderId": {
                "type": "string",
                "description": "The deposit id"
              },
              "productDetail": {
                "type": "string"
              },
              "additionalParam": {
                "type": "string"
              },
              "paymentCode": {
                "type": "string",
                "description": "The method actually used"
              },
              "resultCode": {
                "type": "string",
                "description": "`00` success, `01` failed; anything else is `invalid_signature`"
              },
              "merchantUserId": {
                "type": "string"
              },
              "reference": {
                "type": "string",
                "description": "Duitku's reference"
              },
              "signature": {
                "type": "string",
                "description": "Hex: HMAC-SHA256 (64 digits), or legacy MD5 (32 digits) unless the server turned MD5 off (`DUITKU_MD5_CALLBACKS=false`)"
              },
              "publisherOrderId": {
                "type": "string"
              },
              "spUserHash": {
                "type": "string"
              },
              "settlementDate": {
                "type": "string"
              },
              "issuerCode": {
                "type": "string"
              }
            }
          },
          "UpstreamSMS": {
            "type": "object",
            "description": "The SMS-Activate webhook format. Further members (`messageId`, …) are ignored.",
            "required": [
              "activationId"
            ],
            "properties": {
              "activationId": {
                "type": [
                  "string",
                  "integer"
                ],
                "description": "The provider's order id"
              },
              "service": {
                "type": "string"
              },
              "text": {
                "type": "string",
                "description": "The SMS text (required unless `code` is given)"
              },
              "code": {
                "type": "string"
              },
              "country": {
                "type": [
                  "string",
                  "integer"
                ]
              },
              "receivedAt": {
                "type": "string",
                "description": "`YYYY-MM-DD HH:MM:SS`, informational"
              }
            }
          },
          "HeleketWebhook": {
            "type": "object",
            "description": "Heleket's webhook as Heleket's server encodes it (payments.md B.3); `sign` is checked over the exact bytes. Money members are strings; absent values are null. Further members are ignored (and kept in the raw log).",
            "required": [
              "type",
              "uuid",
              "order_id",
              "amount",
              "status",
              "sign"
            ],
            "properties": {
              "type": {
                "type": "string",
                "description": "`payment` or `wallet`; a `payout` webhook is acknowledged and ignored, any other type is `invalid_signature`"
              },
              "uuid": {
                "type": "string",
                "description": "Heleket's invoice id"
              },
              "order_id": {
                "type": "string",
                "description": "The deposit id"
              },
              "amount": {
                "type": "string",
                "description": "The invoice amount in `currency`; must equal the deposit's amount"
              },
              "currency": {
                "type": [
                  "string",
                  "null"
                ],
                "description": "`IDR`"
              },
              "payment_amount": {
                "type": [
                  "string",
                  "null"
                ]
              },
              "payer_amount": {
                "type": [
                  "string",
                  "null"
                ]
              },
              "payer_currency": {
                "type": [
                  "string",
                  "null"
                ]
              },
              "merchant_amount": {
                "type": [
                  "string",
                  "null"
                ]
              },
              "network": {
                "type": [
                  "string",
                  "null"
                ]
              },
              "is_final": {
                "type": "boolean"
              },
              "status": {
                "type": "string",
                "description": "A final `paid` or `paid_over` credits the deposit's amount; `cancel` expires it; `fail`, `system_fail` and `wrong_amount` fail it; other statuses change nothing"
              },
              "txid": {
                "type": [
                  "string",
                  "null"
                ]
              },
              "additional_data": {
                "type": [
                  "string",
                  "null"
                ]
              },
              "sign": {
                "type": "string",
                "pattern": "^[0-9a-f]{32}$",
                "description": "md5(base64(the body without `sign`) + payment key), lowercase hex"
              }
            }
          },
          "SandboxCallback": {
            "type": "object",
            "description": "The sandbox gateway's callback, form-encoded; every field at most once",
            "required": [
              "order_id",
              "amount",
              "status",
              "reference",
              "signature"
            ],
            "properties": {
              "order_id": {
                "type": "string",
                "description": "The deposit id"
              },
              "amount": {
                "type": "string",
                "description": "Whole rupiah; must equal the deposit's amount"
              },
              "status": {
                "type": "string",
                "description": "`paid`, `pending`, `failed` or `expired`"
              },
              "reference": {
                "type": "string",
                "description": "The sandbox gateway's reference"
              },
              "signature": {
                "type": "string",
                "description": "64 hex digits: HMAC-SHA256 with the server's sandbox secret over `order_id|amount|status|reference`"
              }
            }
          },
          "SandboxPayForm": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "outcome"
            ],
            "properties": {
              "outcome": {
                "type": "string",
                "enum": [
                  "paid",
                  "failed"
                ],
                "description": "What the payer did"
              }
            }
          },
          "Health": {
            "type": "object",
            "properties": {
              "status": {
                "type": "string",
                "enum": [
                  "ok",
                  "degraded"
                ]
              },
              "version": {
                "type": "string"
              },
              "database": {
                "type": "string",
                "enum": [
                  "ok",
                  "unreachable"
                ]
              },
              "sweeper_last_run": {
                "type": ["string", "null"],
                "format": "date-time",
                "description": "When the in-process order sweeper last completed (it runs every second); null before its first run. Alert when it lags."
              }
            },
            "required": ["status", "version", "database", "sweeper_last_run"]
          },
          "Error": {
            "type": "object",
            "required": [
              "error"
            ],
            "properties": {
              "error": {
                "type": "object",
                "required": [
                  "code",
                  "message"
                ],
                "properties": {
                  "code": {
                    "type": "string",
                    "pattern": "^[a-z][a-z0-9_]*$",
                    "description": "Stable snake_case code (see the table in the description), e.g. insufficient_balance"
                  },
                  "message": {
                    "type": "string",
                    "description": "A sentence for people; may change"
                  }
                }
              }
            }
          },
          "NewPassword": {
            "type": "string",
            "minLength": 10,
            "maxLength": 128,
            "pattern": "^[^\\x00]*$",
            "description": "10 to 128 characters, any (spaces and Unicode welcome; counted as user-perceived characters, nothing is truncated or case-folded). Refused as `weak_password` when it is a common password, contains the email's name, or has fewer than 3 different characters."
          },
          "RegisterRequest": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "email",
              "password",
              "adult",
              "terms_version"
            ],
            "properties": {
              "email": {
                "type": "string",
                "format": "email",
                "description": "At most 254 characters; one account per person (for Gmail, dots and `+tags` do not make another address)."
              },
              "password": {
                "$ref": "#/components/schemas/NewPassword"
              },
              "adult": {
                "type": "boolean",
                "const": true,
                "description": "The user confirms being at least 18 years old; `false` is `adult_required`."
              },
              "terms_version": {
                "type": "string",
                "pattern": "^[^\\x00]*$",
                "description": "The Terms of Service version the user accepted; must be the current one, else `terms_not_accepted` (the message names the current version)."
              }
            }
          },
          "LinkTokenRequest": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "token"
            ],
            "properties": {
              "token": {
                "type": "string",
                "minLength": 1,
                "pattern": "^[^\\x00]*$",
                "description": "The value after `#token=` in the mailed link"
              }
            }
          },
          "LoginRequest": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "email",
              "password"
            ],
            "properties": {
              "email": {
                "type": "string",
                "pattern": "^[^\\x00]*$",
                "description": "The address the account was registered with (case and, for Gmail, dots and `+tags` do not matter)"
              },
              "password": {
                "type": "string",
                "pattern": "^[^\\x00]*$"
              }
            }
          },
          "EmailRequest": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "email"
            ],
            "properties": {
              "email": {
                "type": "string",
                "format": "email"
              }
            }
          },
          "ResetConfirmRequest": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "token",
              "password"
            ],
            "properties": {
              "token": {
                "type": "string",
                "minLength": 1,
                "pattern": "^[^\\x00]*$",
                "description": "The value after `#token=` in the mailed link"
              },
              "password": {
                "$ref": "#/components/schemas/NewPassword"
              }
            }
          },
          "TermsRequest": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "version"
            ],
            "properties": {
              "version": {
                "type": "string",
                "pattern": "^[^\\x00]*$",
                "description": "Must be the current version (`terms.current` in `GET /api/v1/me`)"
              }
            }
          },
          "PasswordChangeRequest": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "current_password",
              "new_password"
            ],
            "properties": {
              "current_password": {
                "type": "string",
                "pattern": "^[^\\x00]*$"
              },
              "new_password": {
                "$ref": "#/components/schemas/NewPassword"
              }
            }
          },
          "TokenCreateRequest": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "name"
            ],
            "properties": {
              "name": {
                "type": "string",
                "pattern": "^ *[^\\x00-\\x20\\x7F](?:[^\\x00-\\x1F\\x7F]{0,62}[^\\x00-\\x20\\x7F])? *$",
                "description": "A label to tell tokens apart, e.g. `shop-bot`: 1 to 64 printable characters (no control characters); leading and trailing spaces are removed.",
                "examples": [
                  "shop-bot"
                ]
              }
            }
          },
          "Terms": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "accepted",
              "current",
              "update_available"
            ],
            "properties": {
              "accepted": {
                "type": "string",
                "description": "The Terms of Service version this account accepted"
              },
              "current": {
                "type": "string",
                "description": "The version in force"
              },
              "update_available": {
                "type": "boolean",
                "description": "True when a newer version awaits acceptance (`POST /api/v1/me/terms`)"
              }
            }
          },
          "Me": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "id",
              "email",
              "state",
              "email_verified",
              "balance",
              "api_access",
              "created_at",
              "terms"
            ],
            "properties": {
              "id": {
                "type": "string"
              },
              "email": {
                "type": "string",
                "format": "email"
              },
              "state": {
                "type": "string",
                "enum": [
                  "unverified",
                  "active",
                  "suspended",
                  "terminated",
                  "deleted"
                ],
                "description": "`unverified` until the email is confirmed; only `active` accounts may deposit and buy"
              },
              "email_verified": {
                "type": "boolean"
              },
              "balance": {
                "type": "integer",
                "description": "Whole rupiah (IDR)"
              },
              "api_access": {
                "type": "boolean",
                "description": "False when the operator revoked API access: tokens are refused and none can be created"
              },
              "created_at": {
                "type": "string",
                "format": "date-time"
              },
              "terms": {
                "$ref": "#/components/schemas/Terms"
              },
              "csrf_token": {
                "type": "string",
                "description": "Only when the caller uses a session cookie: the value unsafe requests must send as `X-CSRF-Token`"
              }
            }
          },
          "LoginResponse": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "csrf_token",
              "user"
            ],
            "properties": {
              "csrf_token": {
                "type": "string",
                "minLength": 1,
                "description": "Send as `X-CSRF-Token` on every unsafe request made with the session cookie"
              },
              "user": {
                "$ref": "#/components/schemas/Me"
              }
            }
          },
          "Session": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "id",
              "created_at",
              "last_seen_at",
              "user_agent",
              "ip_address",
              "current"
            ],
            "properties": {
              "id": {
                "type": "string"
              },
              "created_at": {
                "type": "string",
                "format": "date-time"
              },
              "last_seen_at": {
                "type": "string",
                "format": "date-time",
                "description": "Updated at most once a minute"
              },
              "user_agent": {
                "type": "string",
                "description": "As sent at login, cut to 200 characters"
              },
              "ip_address": {
                "type": "string",
                "description": "The client address at login"
              },
              "current": {
                "type": "boolean",
                "description": "True for the session making this request"
              }
            }
          },
          "SessionList": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "items",
              "next_cursor"
            ],
            "properties": {
              "items": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/Session"
                }
              },
              "next_cursor": {
                "type": [
                  "string",
                  "null"
                ],
                "description": "Always null: every session is in `items`"
              }
            }
          },
          "Token": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "id",
              "name",
              "hint",
              "created_at"
            ],
            "properties": {
              "id": {
                "type": "string"
              },
              "name": {
                "type": "string"
              },
              "hint": {
                "type": "string",
                "pattern": "^smsc_[0-9A-Za-z]{4}$",
                "description": "The token's first characters, to tell tokens apart; never the secret"
              },
              "created_at": {
                "type": "string",
                "format": "date-time"
              },
              "last_used_at": {
                "type": "string",
                "format": "date-time",
                "description": "Absent until the token is first used; updated at most once a minute"
              }
            }
          },
          "TokenList": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "items",
              "next_cursor"
            ],
            "properties": {
              "items": {
                "type": "array",
                "maxItems": 20,
                "items": {
                  "$ref": "#/components/schemas/Token"
                }
              },
              "next_cursor": {
                "type": [
                  "string",
                  "null"
                ],
                "description": "Always null: every token is in `items`"
              }
            }
          },
          "TokenCreated": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "id",
              "name",
              "hint",
              "token",
              "created_at"
            ],
            "properties": {
              "id": {
                "type": "string"
              },
              "name": {
                "type": "string",
                "description": "The name as stored (leading and trailing spaces removed)"
              },
              "hint": {
                "type": "string",
                "pattern": "^smsc_[0-9A-Za-z]{4}$"
              },
              "token": {
                "type": "string",
                "pattern": "^smsc_[0-9A-Za-z]{36}$",
                "description": "The secret: send as `Authorization: Bearer <token>`. Shown only in this answer. `smsc_`, 30 random base62 characters and a 6-character checksum, so secret scanners can recognise a leaked token."
              },
              "created_at": {
                "type": "string",
                "format": "date-time"
              }
            }
          },
          "VerificationSent": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "status"
            ],
            "properties": {
              "status": {
                "type": "string",
                "const": "verification_sent"
              }
            }
          },
          "ResendStatus": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "status"
            ],
            "properties": {
              "status": {
                "type": "string",
                "enum": [
                  "verification_sent",
                  "already_verified"
                ]
              }
            }
          },
          "ResetRequested": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "status"
            ],
            "properties": {
              "status": {
                "type": "string",
                "const": "reset_sent_if_registered"
              }
            }
          },
          "PasswordChanged": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "status"
            ],
            "properties": {
              "status": {
                "type": "string",
                "const": "password_changed"
              }
            }
          },
          "Country": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "code",
              "name",
              "name_id",
              "name_en",
              "dial_code",
              "sms_activate_id",
              "fivesim_name"
            ],
            "properties": {
              "code": {
                "type": "string",
                "description": "ISO 3166-1 alpha-2"
              },
              "name": {
                "type": "string"
              },
              "name_id": {
                "type": "string"
              },
              "name_en": {
                "type": "string"
              },
              "dial_code": {
                "type": "string"
              },
              "sms_activate_id": {
                "type": "integer"
              },
              "fivesim_name": {
                "type": "string"
              }
            }
          },
          "CountryList": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "items"
            ],
            "properties": {
              "items": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/Country"
                }
              }
            }
          },
          "Service": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "code",
              "name",
              "category",
              "fivesim_name"
            ],
            "properties": {
              "code": {
                "type": "string"
              },
              "name": {
                "type": "string"
              },
              "category": {
                "type": "string"
              },
              "fivesim_name": {
                "type": "string"
              }
            }
          },
          "ServiceList": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "items"
            ],
            "properties": {
              "items": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/Service"
                }
              }
            }
          },
          "PriceItem": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "country",
              "service",
              "operator",
              "price",
              "stock"
            ],
            "properties": {
              "country": {
                "type": "string"
              },
              "service": {
                "type": "string"
              },
              "operator": {
                "type": "string"
              },
              "price": {
                "type": "integer",
                "minimum": 1,
                "description": "Whole rupiah"
              },
              "stock": {
                "type": "integer",
                "minimum": 0
              }
            }
          },
          "PriceList": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "items",
              "updated_at"
            ],
            "properties": {
              "items": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/PriceItem"
                }
              },
              "updated_at": {
                "type": [
                  "string",
                  "null"
                ],
                "format": "date-time"
              }
            }
          },
          "OrderStatus": {
            "type": "string",
            "enum": [
              "pending",
              "received",
              "finished",
              "canceled",
              "expired",
              "failed"
            ],
            "description": "`pending` (number rented, no SMS yet), `received` (at least one SMS; non-refundable), then `finished`; or, without an SMS, `canceled` (by the client), `expired` (the window ended) or `failed` (the provider failed), each refunded. Only `pending` and `received` ever change."
          },
          "OrderCreateRequest": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "service",
              "country"
            ],
            "properties": {
              "service": {
                "type": "string",
                "pattern": "^[A-Za-z0-9]{1,16}$",
                "example": "tg",
                "description": "A service code from `GET /api/v1/services` (e.g. `tg` Telegram, `wa` WhatsApp); an unknown one is `invalid_request`"
              },
              "country": {
                "type": "string",
                "pattern": "^[A-Za-z0-9]{1,16}$",
                "example": "ID",
                "description": "An ISO country code from `GET /api/v1/countries` (either case, e.g. `ID`); an unknown one is `invalid_request`"
              },
              "operator": {
                "type": [
                  "string",
                  "null"
                ],
                "pattern": "^[A-Za-z0-9]{1,32}$",
                "description": "A mobile operator of the country as listed in `GET /api/v1/prices`; absent or null means `any` (whichever the provider has). One without a price is `no_numbers`"
              },
              "max_price": {
                "type": [
                  "integer",
                  "null"
                ],
                "minimum": 1,
                "maximum": 9223372036854775807,
                "description": "Whole rupiah: refuse the purchase (409 `price_above_max`, nothing charged) if the price is higher"
              }
            }
          },
          "Order": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "id",
              "phone",
              "service",
              "country",
              "operator",
              "price",
              "status",
              "code",
              "created_at",
              "expires_at",
              "refunded"
            ],
            "properties": {
              "id": {
                "type": "string",
                "pattern": "^[1-9][0-9]{0,17}$",
                "description": "Digits (a number as a string, as SMS-Activate-style clients expect)"
              },
              "phone": {
                "type": [
                  "string",
                  "null"
                ],
                "pattern": "^\\+[1-9][0-9]{6,14}$",
                "description": "The rented number, E.164 with `+` (e.g. `+6281234567890`); null for a `failed` purchase that no provider could serve (charged and refunded at once)"
              },
              "service": {
                "type": "string",
                "description": "The service code"
              },
              "country": {
                "type": "string",
                "description": "The ISO country code, upper case"
              },
              "operator": {
                "type": "string",
                "description": "The operator asked for, `any` when none was"
              },
              "price": {
                "type": "integer",
                "minimum": 1,
                "description": "Whole rupiah charged for this order"
              },
              "status": {
                "$ref": "#/components/schemas/OrderStatus"
              },
              "code": {
                "type": [
                  "string",
                  "null"
                ],
                "pattern": "^[0-9]{4,8}$",
                "description": "The verification code of the latest SMS that has one (digits only), null until then; the full texts are in `GET /api/v1/orders/{id}/messages`"
              },
              "created_at": {
                "type": "string",
                "format": "date-time"
              },
              "expires_at": {
                "type": "string",
                "format": "date-time",
                "description": "When the rental window ends (20 minutes after purchase by default)"
              },
              "refunded": {
                "type": "boolean",
                "description": "Whether the price went back to the balance (`canceled`, `expired`, `failed`)"
              }
            }
          },
          "OrderList": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "items",
              "next_cursor"
            ],
            "properties": {
              "items": {
                "type": "array",
                "maxItems": 200,
                "items": {
                  "$ref": "#/components/schemas/Order"
                }
              },
              "next_cursor": {
                "type": [
                  "string",
                  "null"
                ],
                "description": "Pass as `cursor` for the next (older) page; null on the last page"
              }
            }
          },
          "OrderMessage": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "text",
              "code",
              "sender",
              "received_at"
            ],
            "properties": {
              "text": {
                "type": "string",
                "description": "The SMS text, in full"
              },
              "code": {
                "type": [
                  "string",
                  "null"
                ],
                "pattern": "^[0-9]{4,8}$",
                "description": "The verification code found in the text (digits only), or null"
              },
              "sender": {
                "type": "string",
                "description": "The sender as the provider reports it (e.g. `Telegram`)"
              },
              "received_at": {
                "type": "string",
                "format": "date-time"
              }
            }
          },
          "OrderMessageList": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "items",
              "next_cursor"
            ],
            "properties": {
              "items": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/OrderMessage"
                }
              },
              "next_cursor": {
                "type": [
                  "string",
                  "null"
                ],
                "description": "Always null: every message is in the one page"
              }
            }
          },
          "DeletionPreview": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "forfeit_amount",
              "blocking",
              "deletable",
              "cooldown_days",
              "purge_at"
            ],
            "properties": {
              "forfeit_amount": {
                "type": "integer",
                "minimum": 0,
                "description": "The balance, in whole rupiah, that a deletion now would forfeit"
              },
              "blocking": {
                "type": "object",
                "additionalProperties": false,
                "required": [
                  "active_orders",
                  "pending_deposits"
                ],
                "properties": {
                  "active_orders": {
                    "type": "integer",
                    "minimum": 0,
                    "description": "Orders `pending` or `received`: cancel or finish them, or wait for their window to end"
                  },
                  "pending_deposits": {
                    "type": "integer",
                    "minimum": 0,
                    "description": "Deposits `pending`: wait until they are paid, failed or expired"
                  }
                }
              },
              "deletable": {
                "type": "boolean",
                "description": "True when nothing blocks a deletion"
              },
              "cooldown_days": {
                "type": "integer",
                "const": 30,
                "description": "Days the email cannot register again after a deletion"
              },
              "purge_at": {
                "type": "string",
                "format": "date-time",
                "description": "When personal data would be purged (and the email may register again) if deleted now"
              }
            }
          },
          "DeleteAccountRequest": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "password",
              "confirm_forfeit_amount"
            ],
            "properties": {
              "password": {
                "type": "string",
                "pattern": "^[^\\x00]*$",
                "description": "The current password"
              },
              "confirm_forfeit_amount": {
                "type": "integer",
                "minimum": 0,
                "maximum": 9223372036854775807,
                "description": "The balance to forfeit, repeated from `forfeit_amount` (so it is never confirmed blind)"
              }
            }
          },
          "AccountDeleted": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "status",
              "forfeited",
              "deleted_at",
              "purge_at"
            ],
            "properties": {
              "status": {
                "type": "string",
                "const": "deleted"
              },
              "forfeited": {
                "type": "integer",
                "minimum": 0,
                "description": "Whole rupiah forfeited (the balance at deletion)"
              },
              "deleted_at": {
                "type": "string",
                "format": "date-time"
              },
              "purge_at": {
                "type": "string",
                "format": "date-time",
                "description": "When personal data is purged; the email may register again from then on"
              }
            }
          }
        },
        "parameters": {
          "Limit": {
            "name": "limit",
            "in": "query",
            "required": false,
            "description": "Page size",
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 200,
              "default": 50
            }
          },
          "DepositId": {
            "name": "id",
            "in": "path",
            "required": true,
            "description": "A deposit id (`D` and 20 uppercase hex digits)",
            "schema": {
              "type": "string",
              "pattern": "^D[0-9A-F]{20}$"
            }
          },
          "IdempotencyKey": {
            "name": "Idempotency-Key",
            "in": "header",
            "required": false,
            "description": "Makes a retry safe: 1 to 255 printable ASCII characters (no leading or trailing space), chosen by the client, e.g. a UUID. The same key and body again get the first answer (with `Idempotent-Replayed: true`) and create nothing; the same key with another body is 422 `idempotency_conflict`.",
            "schema": {
              "type": "string",
              "minLength": 1,
              "maxLength": 255,
              "pattern": "^[!-~](?:[ -~]*[!-~])?$"
            }
          },
          "OrderId": {
            "name": "id",
            "in": "path",
            "required": true,
            "description": "An order id (digits), as returned by `POST /api/v1/orders`",
            "schema": {
              "type": "string",
              "pattern": "^[1-9][0-9]{0,17}$",
              "example": "1"
            }
          }
        },
        "headers": {
          "IdempotentReplayed": {
            "description": "`true` when the answer is the stored first answer to this `Idempotency-Key`",
            "schema": {
              "type": "string",
              "const": "true"
            }
          },
          "RequestId": {
            "description": "Correlates this response with the server's log lines",
            "schema": {
              "type": "string"
            }
          },
          "RetryAfter": {
            "description": "Seconds to wait before retrying",
            "required": true,
            "schema": {
              "type": "integer",
              "minimum": 1
            }
          },
          "SetSessionCookie": {
            "description": "The session cookie: `sid=<secret>; Path=/; Max-Age=43200; HttpOnly; SameSite=Lax` (`__Host-sid=…; …; Secure` over HTTPS)",
            "schema": {
              "type": "string",
              "pattern": "^(__Host-)?sid=[^;]+; Path=/; Max-Age=[0-9]+; HttpOnly; SameSite=Lax"
            }
          },
          "ClearSessionCookie": {
            "description": "Clears the session cookie: `sid=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax`",
            "schema": {
              "type": "string",
              "pattern": "^(__Host-)?sid=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"
            }
          }
        },
        "responses": {
          "Unprocessable": {
            "description": "`idempotency_conflict` (this `Idempotency-Key` was used with another body) or `payment_rejected` (the gateway refused to open the payment, e.g. a method it does not offer for this amount; the message gives its reason, and the deposit is `failed`)",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "GatewayUnavailable": {
            "description": "`gateway_unavailable`: the payment gateway could not be reached or answered garbage. Nothing is charged and the deposit is `failed`; try again (an `Idempotency-Key` is not spent by this answer)",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "CallbackAcknowledged": {
            "description": "Authenticated and recorded: credited, already settled, marked failed, an interim status, or set aside for review (unknown order, amount or currency mismatch). The body is the gateway's acknowledgement (`SUCCESS` for Duitku, `OK` for Heleket and the sandbox)",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "text/plain": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "CallbackRejected": {
            "description": "`invalid_signature`: not authenticated (bad or missing signature, body changed after signing, another merchant, not a callback of this gateway at all); nothing changed. `invalid_request`: this gateway is not enabled on this server",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "CallbackForbidden": {
            "description": "`forbidden`: the callback came from an address outside the gateway's allowlist (`DUITKU_ALLOWED_IPS`, `HELEKET_ALLOWED_IPS`; empty by default, then the signature alone decides)",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "CallbackRetry": {
            "description": "`RETRY`: an authenticated success that the gateway's status API did not confirm (yet). Nothing was credited; the gateway retries and a later, confirmed callback credits the deposit",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "text/plain": {
                "schema": {
                  "type": "string",
                  "const": "RETRY"
                }
              }
            }
          },
          "BadRequest": {
            "description": "`invalid_request`: malformed request (bad encoding, malformed JSON, unknown or missing member, wrong type)",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "Unauthorized": {
            "description": "`unauthorized`: no valid API token or session (missing, unknown, revoked, expired or ended)",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "Forbidden": {
            "description": "`csrf_failed` (cookie request without a matching `X-CSRF-Token`, or cross-site), `account_suspended`, `account_terminated` or `api_access_revoked` (bearer tokens)",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "NotFound": {
            "description": "`not_found`: no such resource for this account",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "Conflict": {
            "description": "The request conflicts with the current state",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "PayloadTooLarge": {
            "description": "`payload_too_large`: the body is larger than 64 KiB",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "UnsupportedMediaType": {
            "description": "`unsupported_media_type`: the body is not sent as `application/json`",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "RateLimited": {
            "description": "`rate_limited`: too many requests (see Rate limits in the description)",
            "headers": {
              "Retry-After": {
                "$ref": "#/components/headers/RetryAfter"
              },
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "PaymentRequired": {
            "description": "`insufficient_balance`: the balance is below the price; nothing was charged (top up with `POST /api/v1/deposits`)",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        },
        "securitySchemes": {
          "bearer": {
            "type": "http",
            "scheme": "bearer",
            "description": "An API token (`smsc_…`) from `POST /api/v1/tokens`, shown once. Every operation that lists this scheme also accepts the dashboard session cookie set by `POST /api/v1/auth/login`; with the cookie, unsafe methods (POST, PUT, PATCH, DELETE) must also send the login's `csrf_token` as the `X-CSRF-Token` header."
          }
        }
      }
    }
    """#
}
