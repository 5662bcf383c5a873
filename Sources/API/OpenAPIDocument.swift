/// The OpenAPI 3.1 description of the native API. Kept by hand beside `Routes.swift`; a test checks
/// that both list the same operations, and schemathesis fuzzes the live server against it in `make test`.
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
        "description": "Rent temporary virtual phone numbers for OTP and verification SMS. Money is whole rupiah (IDR) as JSON integers; times are RFC 3339 UTC. Errors are {\"error\": {\"code\", \"message\"}} with a stable code. Every response carries X-Request-Id.",
        "license": {"name": "Proprietary", "identifier": "LicenseRef-SMSCode"}
      },
      "paths": {
        "/api/v1/health": {
          "get": {
            "operationId": "getHealth",
            "summary": "Liveness and database reachability",
            "tags": ["system"],
            "security": [],
            "responses": {
              "200": {"description": "Serving, database readable", "headers": {"X-Request-Id": {"$ref": "#/components/headers/RequestId"}},
                      "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Health"}}}},
              "503": {"description": "The database cannot be read", "headers": {"X-Request-Id": {"$ref": "#/components/headers/RequestId"}},
                      "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Health"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "429": {"$ref": "#/components/responses/RateLimited"}
            }
          }
        },
        "/api/v1/openapi.json": {
          "get": {
            "operationId": "getOpenAPIDocument",
            "summary": "This document",
            "tags": ["system"],
            "security": [],
            "responses": {
              "200": {"description": "The OpenAPI 3.1 document", "headers": {"X-Request-Id": {"$ref": "#/components/headers/RequestId"}},
                      "content": {"application/json": {"schema": {"type": "object"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "429": {"$ref": "#/components/responses/RateLimited"}
            }
          }
        }
      },
      "components": {
        "schemas": {
          "Health": {
            "type": "object",
            "required": ["status", "version", "database"],
            "properties": {
              "status": {"type": "string", "enum": ["ok", "degraded"]},
              "version": {"type": "string"},
              "database": {"type": "string", "enum": ["ok", "unreachable"]}
            }
          },
          "Error": {
            "type": "object",
            "required": ["error"],
            "properties": {
              "error": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {
                  "code": {"type": "string", "description": "Stable snake_case code, e.g. insufficient_balance"},
                  "message": {"type": "string", "description": "A sentence for people; may change"}
                }
              }
            }
          }
        },
        "headers": {
          "RequestId": {"description": "Correlates this response with the server's log lines", "schema": {"type": "string"}},
          "RetryAfter": {"description": "Seconds to wait before retrying", "schema": {"type": "integer", "minimum": 1}}
        },
        "responses": {
          "BadRequest": {"description": "Malformed request (bad encoding, invalid fields)",
                         "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "RateLimited": {"description": "Too many requests", "headers": {"Retry-After": {"$ref": "#/components/headers/RetryAfter"}},
                          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        },
        "securitySchemes": {
          "bearer": {"type": "http", "scheme": "bearer", "description": "An API token created in the dashboard (shown once)."}
        }
      }
    }
    """#
}
