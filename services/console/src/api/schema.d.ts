// Generated from the API's OpenAPI document by scripts/generate-client.mjs: do not edit.
export interface paths {
    "/exceptions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the tenant’s exceptions (newest first unless sorted), filtered, one page */
        get: {
            parameters: {
                query?: {
                    status?: "OPEN" | "ACKNOWLEDGED" | "IN_PROGRESS" | "RESOLVED" | "CLOSED";
                    reason_code?: "PICK_DELAY" | "PACK_DELAY" | "CARRIER_ISSUE" | "MISSING_SCAN" | "DELIVERY_DELAY" | "STOCK_MISMATCH" | "INVENTORY_SHORTAGE" | "ADDRESS_ERROR" | "ADDRESS_INVALID" | "PAYMENT_FAILED" | "DAMAGED_PACKAGE" | "CUSTOMER_UNAVAILABLE" | "SYSTEM_ERROR" | "OTHER";
                    severity?: "LOW" | "MEDIUM" | "HIGH" | "CRITICAL";
                    order_id?: string;
                    created_after?: string;
                    created_before?: string;
                    /** @description OPEN, ACKNOWLEDGED or IN_PROGRESS (true) or not (false) */
                    active?: "true" | "false";
                    /** @description active and waiting for approve/reject */
                    awaiting_approval?: "true" | "false";
                    /** @description active and escalated at least once */
                    escalated?: "true" | "false";
                    /** @description automated resolution blocked */
                    blocked?: "true" | "false";
                    sort?: "created_at" | "updated_at" | "severity" | "priority" | "order_id" | "reason_code" | "status";
                    order?: "asc" | "desc";
                    page?: number;
                    page_size?: number;
                };
                header: {
                    /** @description Tenant name */
                    "x-tenant-id": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of exceptions */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ExceptionPage"];
                    };
                };
                /** @description Bad request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Missing or invalid API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Not found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Validation failed */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/exceptions/stats/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Counts by status, severity and reason code */
        get: {
            parameters: {
                query?: never;
                header: {
                    /** @description Tenant name */
                    "x-tenant-id": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Summary */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ExceptionSummary"];
                    };
                };
                /** @description Bad request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Missing or invalid API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Not found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Validation failed */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/exceptions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One exception with the order’s event timeline, breach context and resolution attempts */
        get: {
            parameters: {
                query?: never;
                header: {
                    /** @description Tenant name */
                    "x-tenant-id": string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The exception */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ExceptionDetail"];
                    };
                };
                /** @description Bad request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Missing or invalid API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Not found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Validation failed */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change status (forward only), severity or the ops note */
        patch: {
            parameters: {
                query?: never;
                header: {
                    /** @description Tenant name */
                    "x-tenant-id": string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": components["schemas"]["ExceptionPatch"];
                };
            };
            responses: {
                /** @description The updated exception */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Exception"];
                    };
                };
                /** @description Bad request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Missing or invalid API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Not found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Backward status change */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @enum {string} */
                                code: "invalid_transition";
                            };
                        };
                    };
                };
                /** @description Validation failed */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/flows/{flow}/run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start a flow now for the caller’s tenant */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description Tenant name */
                    "x-tenant-id": string;
                };
                path: {
                    flow: "order-processing" | "exception-management" | "billing" | "enrichment" | "orchestrator";
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": components["schemas"]["FlowRunRequest"];
                };
            };
            responses: {
                /** @description Started (or the run already started within this minute, by the API or the CLI) */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["FlowRun"];
                    };
                };
                /** @description Bad request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Missing or invalid API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Not found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Validation failed */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/invoices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List invoices */
        get: {
            parameters: {
                query?: {
                    status?: "DRAFT" | "PENDING" | "SENT" | "PAID" | "VOID";
                    order_id?: string;
                    period?: string;
                    page?: number;
                    page_size?: number;
                };
                header: {
                    /** @description Tenant name */
                    "x-tenant-id": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of invoices, newest first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InvoicePage"];
                    };
                };
                /** @description Bad request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Missing or invalid API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Not found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Validation failed */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/invoices/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An invoice with its line items and adjustments */
        get: {
            parameters: {
                query?: never;
                header: {
                    /** @description Tenant name */
                    "x-tenant-id": string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The invoice */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InvoiceDetail"];
                    };
                };
                /** @description Bad request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Missing or invalid API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Not found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Validation failed */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/invoices/{id}/finalize": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Finalise a DRAFT invoice (→ PENDING) */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description Tenant name */
                    "x-tenant-id": string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The invoice after the transition */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InvoiceDetail"];
                    };
                };
                /** @description Bad request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Missing or invalid API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Not found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description The transition is not allowed from the current status */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Validation failed */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/invoices/{id}/send": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark a PENDING invoice as sent (→ SENT) */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description Tenant name */
                    "x-tenant-id": string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The invoice after the transition */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InvoiceDetail"];
                    };
                };
                /** @description Bad request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Missing or invalid API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Not found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description The transition is not allowed from the current status */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Validation failed */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/invoices/{id}/mark-paid": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Record payment of a SENT invoice (→ PAID) */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description Tenant name */
                    "x-tenant-id": string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The invoice after the transition */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InvoiceDetail"];
                    };
                };
                /** @description Bad request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Missing or invalid API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Not found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description The transition is not allowed from the current status */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Validation failed */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/invoices/{id}/void": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Void an unpaid invoice (→ VOID) */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description Tenant name */
                    "x-tenant-id": string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The invoice after the transition */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InvoiceDetail"];
                    };
                };
                /** @description Bad request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Missing or invalid API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Not found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description The transition is not allowed from the current status */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Validation failed */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/invoices/{id}/document": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The invoice as a printable HTML page or a PDF
         * @description HTML by default; PDF with `?format=pdf` or `Accept: application/pdf`.
         */
        get: {
            parameters: {
                query?: {
                    format?: "html" | "pdf";
                };
                header: {
                    /** @description Tenant name */
                    "x-tenant-id": string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The invoice document */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/html": string;
                        "application/pdf": string;
                    };
                };
                /** @description Bad request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Missing or invalid API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Not found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Validation failed */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/billing/reports/{period}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The month's billing report (stored by the billing run, or computed now) */
        get: {
            parameters: {
                query?: never;
                header: {
                    /** @description Tenant name */
                    "x-tenant-id": string;
                };
                path: {
                    period: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The report */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BillingReport"];
                    };
                };
                /** @description Bad request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Missing or invalid API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Not found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Validation failed */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/invoice-adjustments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Adjustments of the tenant’s invoices, newest first (status=PENDING_REVIEW: the review queue) */
        get: {
            parameters: {
                query?: {
                    status?: "APPLIED" | "PENDING_REVIEW" | "REJECTED";
                    page?: number;
                    page_size?: number;
                };
                header: {
                    /** @description Tenant name */
                    "x-tenant-id": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of adjustments */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InvoiceAdjustmentPage"];
                    };
                };
                /** @description Bad request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Missing or invalid API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Not found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Validation failed */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/invoice-adjustments/{id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Apply an adjustment waiting in PENDING_REVIEW */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description Tenant name */
                    "x-tenant-id": string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        decided_by?: string;
                    };
                };
            };
            responses: {
                /** @description The decided adjustment */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InvoiceAdjustment"];
                    };
                };
                /** @description Bad request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Missing or invalid API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Not found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Validation failed */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/invoice-adjustments/{id}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reject an adjustment waiting in PENDING_REVIEW */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description Tenant name */
                    "x-tenant-id": string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        decided_by?: string;
                    };
                };
            };
            responses: {
                /** @description The decided adjustment */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InvoiceAdjustment"];
                    };
                };
                /** @description Bad request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Missing or invalid API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Not found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Validation failed */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tenants/{name}/tariffs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's tariff: stored overrides and the effective tariff */
        get: {
            parameters: {
                query?: never;
                header: {
                    /** @description Tenant name */
                    "x-tenant-id": string;
                };
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The tariff */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TenantTariff"];
                    };
                };
                /** @description Bad request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Missing or invalid API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Not found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Validation failed */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        /** Replace the tenant's tariff overrides (merged over the defaults) */
        put: {
            parameters: {
                query?: never;
                header: {
                    /** @description Tenant name */
                    "x-tenant-id": string;
                };
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        pick_cents?: number;
                        pack_cents?: number;
                        label_cents?: number;
                        kitting_cents?: number;
                        storage_per_day_cents?: number;
                        storage_long_term_after_days?: number;
                        storage_long_term_multiplier?: number;
                        photo_cents?: number;
                        quality_check_cents?: number;
                        custom_packaging_cents?: number;
                        gift_wrap_cents?: number;
                        return_cents?: number;
                        restocking_cents?: number;
                        inspection_cents?: number;
                        minimum_per_order_cents?: number;
                        rush_multiplier?: number;
                        oversized_multiplier?: number;
                        hazmat_multiplier?: number;
                        fragile_multiplier?: number;
                        volume_tiers?: {
                            min_orders: number;
                            discount_percent: number;
                        }[];
                        minimum_monthly_fee_cents?: number;
                        payment_terms_days?: number;
                        late_fee_cents?: number;
                        auto_credit_threshold_cents?: number;
                        manual_review_threshold_cents?: number;
                    };
                };
            };
            responses: {
                /** @description The stored tariff */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TenantTariff"];
                    };
                };
                /** @description Bad request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Missing or invalid API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Not found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Validation failed */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tenants/{name}/credit-rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's SLA credit rules per reason code (overrides merged over the defaults) */
        get: {
            parameters: {
                query?: never;
                header: {
                    /** @description Tenant name */
                    "x-tenant-id": string;
                };
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The credit rules */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Bad request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Missing or invalid API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Not found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Validation failed */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        /** Replace the tenant's SLA credit rule overrides */
        put: {
            parameters: {
                query?: never;
                header: {
                    /** @description Tenant name */
                    "x-tenant-id": string;
                };
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        PICK_DELAY?: {
                            /** @enum {string} */
                            type: "percent";
                            percent: number;
                            max_per_order_cents: number;
                        } | {
                            /** @enum {string} */
                            type: "fixed";
                            amount_cents: number;
                            max_per_order_cents: number;
                        };
                        PACK_DELAY?: {
                            /** @enum {string} */
                            type: "percent";
                            percent: number;
                            max_per_order_cents: number;
                        } | {
                            /** @enum {string} */
                            type: "fixed";
                            amount_cents: number;
                            max_per_order_cents: number;
                        };
                        CARRIER_ISSUE?: {
                            /** @enum {string} */
                            type: "percent";
                            percent: number;
                            max_per_order_cents: number;
                        } | {
                            /** @enum {string} */
                            type: "fixed";
                            amount_cents: number;
                            max_per_order_cents: number;
                        };
                        MISSING_SCAN?: {
                            /** @enum {string} */
                            type: "percent";
                            percent: number;
                            max_per_order_cents: number;
                        } | {
                            /** @enum {string} */
                            type: "fixed";
                            amount_cents: number;
                            max_per_order_cents: number;
                        };
                        DELIVERY_DELAY?: {
                            /** @enum {string} */
                            type: "percent";
                            percent: number;
                            max_per_order_cents: number;
                        } | {
                            /** @enum {string} */
                            type: "fixed";
                            amount_cents: number;
                            max_per_order_cents: number;
                        };
                    };
                };
            };
            responses: {
                /** @description The stored credit rules */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Bad request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Missing or invalid API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Not found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Validation failed */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/dlq/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Dead-letter queue counts by kind and status, and how many entries are due for replay */
        get: {
            parameters: {
                query?: {
                    tenant?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description DLQ statistics */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DlqStats"];
                    };
                };
                /** @description Admin API key required */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Validation failed */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Replay due DLQ entries (or the given ids) through the dlqReplayWorkflow in the worker; replaying an event never stores it twice */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": components["schemas"]["DlqReplayRequest"];
                };
            };
            responses: {
                /** @description What was replayed */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DlqReplaySummary"];
                    };
                };
                /** @description Admin API key required */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Validation failed */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description The replay workflow failed (Postgres away during its retries) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/quarantine": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Quarantined records (newest first): what failed with a data error, where and how often */
        get: {
            parameters: {
                query?: {
                    tenant?: string;
                    kind?: "order_evaluation" | "exception_analysis" | "order_analysis" | "resolution" | "enrichment" | "invoicing" | "invoice_validation";
                    status?: "open" | "replayed" | "discarded";
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Quarantined records */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            records: components["schemas"]["QuarantinedRecord"][];
                        };
                    };
                };
                /** @description Admin API key required */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Validation failed (the details name the field and rule) */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/quarantine/{id}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Release an open quarantined record so its pass takes it again through the same code (an order within seconds); failing again quarantines it anew */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description What happened */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["QuarantineAction"];
                    };
                };
                /** @description Admin API key required */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description No quarantined record with this id */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description The record is not open any more (already replayed or discarded) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Validation failed (the details name the field and rule) */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/quarantine/{id}/discard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Close an open quarantined record without processing it */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description What happened */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["QuarantineAction"];
                    };
                };
                /** @description Admin API key required */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description No quarantined record with this id */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description The record is not open any more (already replayed or discarded) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Validation failed (the details name the field and rule) */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/enrichment/health/{tenant}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Enrichment completeness, quality, backlog and failure rate with §8 alert thresholds */
        get: {
            parameters: {
                query?: never;
                header: {
                    /** @description Tenant name */
                    "x-tenant-id": string;
                };
                path: {
                    /** @description Tenant name; must be the caller */
                    tenant: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Health */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["EnrichmentHealth"];
                    };
                };
                /** @description Bad request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Missing or invalid API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Not found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Validation failed */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/enrichment/report/{tenant}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What enrichment did over the last hours (default 24): records, stage statuses, runs */
        get: {
            parameters: {
                query?: {
                    /** @description Report period, hours back */
                    hours?: number;
                };
                header: {
                    /** @description Tenant name */
                    "x-tenant-id": string;
                };
                path: {
                    /** @description Tenant name; must be the caller */
                    tenant: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Report */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["EnrichmentReport"];
                    };
                };
                /** @description Bad request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Missing or invalid API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Not found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Validation failed */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/enrichment/backlog/{tenant}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Records awaiting enrichment, by reason, with scheduled retries and manual-review count */
        get: {
            parameters: {
                query?: {
                    /** @description Records listed */
                    limit?: number | null;
                };
                header: {
                    /** @description Tenant name */
                    "x-tenant-id": string;
                };
                path: {
                    /** @description Tenant name; must be the caller */
                    tenant: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Backlog */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["EnrichmentBacklog"];
                    };
                };
                /** @description Bad request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Missing or invalid API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Not found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Validation failed */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/enrichment/process/{tenant}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Starts enrichmentWorkflow now (idempotent per tenant and minute) */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description Tenant name */
                    "x-tenant-id": string;
                };
                path: {
                    /** @description Tenant name; must be the caller */
                    tenant: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        batchSize?: number;
                    };
                };
            };
            responses: {
                /** @description Already running for this minute */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["EnrichmentProcessStarted"];
                    };
                };
                /** @description Started */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["EnrichmentProcessStarted"];
                    };
                };
                /** @description Bad request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Missing or invalid API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Not found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Validation failed */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/exceptions/{id}/block": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Block automated resolution with a custom reason */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description Tenant name */
                    "x-tenant-id": string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Blocked */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ExceptionResolutionState"];
                    };
                };
                /** @description Bad request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Missing or invalid API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Not found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Validation failed */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/exceptions/{id}/reset-resolution": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Clear attempts, blocked flag, reason and last-attempt time */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description Tenant name */
                    "x-tenant-id": string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Reset */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ExceptionResolutionState"];
                    };
                };
                /** @description Bad request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Missing or invalid API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Not found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Validation failed */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/exceptions/{id}/attempts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Automated resolution attempts of one exception */
        get: {
            parameters: {
                query?: never;
                header: {
                    /** @description Tenant name */
                    "x-tenant-id": string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Attempts */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            exception: components["schemas"]["ExceptionResolutionState"];
                            attempts: components["schemas"]["ResolutionAttempt"][];
                        };
                    };
                };
                /** @description Bad request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Missing or invalid API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Not found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Validation failed */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/exceptions/{id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Approve the pending resolution (Temporal Update) */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description Tenant name */
                    "x-tenant-id": string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        approver: string;
                        note?: string;
                    };
                };
            };
            responses: {
                /** @description The resolution outcome */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            result: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Bad request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Missing or invalid API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Not found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description No pending approval or already decided */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error?: unknown;
                        };
                    };
                };
                /** @description Validation failed */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/exceptions/{id}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reject the pending resolution (Temporal Update) */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description Tenant name */
                    "x-tenant-id": string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        approver: string;
                        note?: string;
                    };
                };
            };
            responses: {
                /** @description The resolution outcome */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            result: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Bad request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Missing or invalid API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Not found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description No pending approval or already decided */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error?: unknown;
                        };
                    };
                };
                /** @description Validation failed */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/circuit-breakers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Circuit breaker states (shared by every worker through Redis) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Breakers */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            circuit_breakers: components["schemas"]["CircuitBreaker"][];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/circuit-breakers/{name}/reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Close a breaker (admin key, or a tenant key with X-Tenant-Id) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Reset */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            circuit_breaker: components["schemas"]["CircuitBreaker"];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/orders/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One order: milestones, events, SLA windows (deadlines, multipliers), exceptions, invoice and adjustments */
        get: {
            parameters: {
                query?: never;
                header: {
                    /** @description Tenant name */
                    "x-tenant-id": string;
                };
                path: {
                    /** @description Order id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The order */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["OrderTimeline"];
                    };
                };
                /** @description Bad request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Missing or invalid API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Not found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Validation failed */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/overview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The operator console’s Overview numbers, each with the exception-list filter behind it */
        get: {
            parameters: {
                query?: never;
                header: {
                    /** @description Tenant name */
                    "x-tenant-id": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Overview */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Overview"];
                    };
                };
                /** @description Bad request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Missing or invalid API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Not found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Validation failed */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/tenants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every tenant with its state: active or disabled, monitor running, schedules present and paused */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The tenants */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TenantSummary"][];
                    };
                };
                /** @description Admin API key required */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Temporal or Postgres unreachable; retry later */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        /** Create a tenant and bring it into service (schedules, real-time evaluation) through Temporal */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": components["schemas"]["CreateTenantRequest"];
                };
            };
            responses: {
                /** @description Created; the webhook secret and API key are shown once */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CreatedTenant"];
                    };
                };
                /** @description Admin API key required */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description A tenant of that name exists */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Validation failed; details name each field and rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Temporal or Postgres unreachable; retry later */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/tenants/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One tenant: settings, API key prefixes, rotation grace, monitor and each schedule */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The tenant */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TenantDetail"];
                    };
                };
                /** @description Admin API key required */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Unknown tenant */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Validation failed; details name each field and rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Temporal or Postgres unreachable; retry later */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change display name, time zone (moves the billing schedule) or partner URL */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": components["schemas"]["UpdateTenantRequest"];
                };
            };
            responses: {
                /** @description The updated tenant and its provisioning run */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TenantChange"];
                    };
                };
                /** @description Admin API key required */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Unknown tenant */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Validation failed; details name each field and rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Temporal or Postgres unreachable; retry later */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/admin/tenants/{name}/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Disable: data kept, schedules paused, real-time evaluation stops, webhooks answered 403 tenant_disabled */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The tenant and its provisioning run */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TenantChange"];
                    };
                };
                /** @description Admin API key required */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Unknown tenant */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Validation failed; details name each field and rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Temporal or Postgres unreachable; retry later */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/tenants/{name}/enable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Enable: schedules resumed, real-time evaluation and webhooks accepted again */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The tenant and its provisioning run */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TenantChange"];
                    };
                };
                /** @description Admin API key required */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Unknown tenant */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Validation failed; details name each field and rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Temporal or Postgres unreachable; retry later */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/tenants/{name}/rotate-webhook-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A new webhook secret; the previous one stays valid for the grace period (WEBHOOK_SECRET_GRACE_HOURS) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": components["schemas"]["RotateWebhookSecretRequest"];
                };
            };
            responses: {
                /** @description The new secret, shown once */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RotatedWebhookSecret"];
                    };
                };
                /** @description Admin API key required */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Unknown tenant */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Validation failed; details name each field and rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Temporal or Postgres unreachable; retry later */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/tenants/{name}/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A new API key for the tenant (shown once, stored hashed, named by its prefix) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The new key */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ApiKeyCreated"];
                    };
                };
                /** @description Admin API key required */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Unknown tenant */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Validation failed; details name each field and rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Temporal or Postgres unreachable; retry later */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/tenants/{name}/api-keys/{prefix}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke one API key by its prefix */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                    prefix: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Revoked */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ApiKeyRevoked"];
                    };
                };
                /** @description Admin API key required */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Unknown tenant */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Validation failed; details name each field and rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Temporal or Postgres unreachable; retry later */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tenants/{name}/sla-policy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's SLA policy: the version in effect, the effective policy and every version */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The SLA policy */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TenantSlaPolicy"];
                    };
                };
                /** @description Missing or invalid API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description A tenant key for another tenant's settings */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Unknown tenant */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Validation failed; details name each field and rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        /** A new SLA policy version (overrides replacing the previous ones), effective from effective_from */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        /** @default 120 */
                        pick_minutes?: number;
                        /** @default 180 */
                        pack_minutes?: number;
                        /** @default 1440 */
                        ship_minutes?: number;
                        /** @default 5 */
                        carrier_delivery_days?: number;
                        /** @default 2 */
                        express_delivery_days?: number;
                        /** @default 1 */
                        overnight_delivery_days?: number;
                        /** @default 1.5 */
                        weekend_multiplier?: number;
                        /** @default 2 */
                        holiday_multiplier?: number;
                        /** @default 100 */
                        high_volume_threshold?: number;
                        /** @default 1.3 */
                        high_volume_multiplier?: number;
                        /** @default 1.4 */
                        peak_season_multiplier?: number;
                        /** @default 1.5 */
                        oversized_multiplier?: number;
                        /** @default 2 */
                        hazmat_multiplier?: number;
                        /** @default 1.2 */
                        fragile_multiplier?: number;
                        /** @default 60 */
                        missing_scan_buffer_minutes?: number;
                        /** @default 15 */
                        system_error_escalation_minutes?: number;
                        /** @default 30 */
                        ops_notification_delay_minutes?: number;
                        /** @default 60 */
                        customer_notification_delay_minutes?: number;
                        /** @default 4 */
                        escalation_delay_hours?: number;
                        /** @default [] */
                        peak_periods?: {
                            /** @default peak */
                            name?: string;
                            start: string;
                            end: string;
                        }[];
                        /**
                         * Format: date-time
                         * @description When the version takes effect (default: now); never in the past
                         */
                        effective_from?: string;
                    };
                };
            };
            responses: {
                /** @description The SLA policy with the new version */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TenantSlaPolicy"];
                    };
                };
                /** @description Missing or invalid API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description A tenant key for another tenant's settings */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Unknown tenant */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Validation failed; details name each field and rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tenants/{name}/playbooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's resolution playbooks: the version in effect, every reason code's playbook, every version */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The playbooks */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TenantPlaybooks"];
                    };
                };
                /** @description Missing or invalid API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description A tenant key for another tenant's settings */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Unknown tenant */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Validation failed; details name each field and rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        /** A new playbooks version (reason codes set here replace the defaults; the others keep them), effective from effective_from */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        /** Format: date-time */
                        effective_from?: string;
                        playbooks: {
                            PICK_DELAY?: {
                                steps: {
                                    /** @enum {string} */
                                    action: "address_validation_service" | "payment_retry" | "inventory_reallocation" | "scan_backfill" | "system_recovery" | "carrier_api_update" | "notify_customer";
                                    /** @enum {string} */
                                    mode: "auto" | "approval" | "never";
                                    when?: {
                                        min_order_value_cents?: number;
                                        max_order_value_cents?: number;
                                        service_levels?: ("standard" | "express" | "overnight")[];
                                        carriers?: string[];
                                        min_attempt?: number;
                                        max_attempt?: number;
                                    };
                                    /** @enum {string} */
                                    success_check?: "address_valid" | "payment_captured" | "scan_present" | "carrier_moving" | "stock_reallocated" | "system_recovered" | "none";
                                }[];
                            };
                            PACK_DELAY?: {
                                steps: {
                                    /** @enum {string} */
                                    action: "address_validation_service" | "payment_retry" | "inventory_reallocation" | "scan_backfill" | "system_recovery" | "carrier_api_update" | "notify_customer";
                                    /** @enum {string} */
                                    mode: "auto" | "approval" | "never";
                                    when?: {
                                        min_order_value_cents?: number;
                                        max_order_value_cents?: number;
                                        service_levels?: ("standard" | "express" | "overnight")[];
                                        carriers?: string[];
                                        min_attempt?: number;
                                        max_attempt?: number;
                                    };
                                    /** @enum {string} */
                                    success_check?: "address_valid" | "payment_captured" | "scan_present" | "carrier_moving" | "stock_reallocated" | "system_recovered" | "none";
                                }[];
                            };
                            CARRIER_ISSUE?: {
                                steps: {
                                    /** @enum {string} */
                                    action: "address_validation_service" | "payment_retry" | "inventory_reallocation" | "scan_backfill" | "system_recovery" | "carrier_api_update" | "notify_customer";
                                    /** @enum {string} */
                                    mode: "auto" | "approval" | "never";
                                    when?: {
                                        min_order_value_cents?: number;
                                        max_order_value_cents?: number;
                                        service_levels?: ("standard" | "express" | "overnight")[];
                                        carriers?: string[];
                                        min_attempt?: number;
                                        max_attempt?: number;
                                    };
                                    /** @enum {string} */
                                    success_check?: "address_valid" | "payment_captured" | "scan_present" | "carrier_moving" | "stock_reallocated" | "system_recovered" | "none";
                                }[];
                            };
                            MISSING_SCAN?: {
                                steps: {
                                    /** @enum {string} */
                                    action: "address_validation_service" | "payment_retry" | "inventory_reallocation" | "scan_backfill" | "system_recovery" | "carrier_api_update" | "notify_customer";
                                    /** @enum {string} */
                                    mode: "auto" | "approval" | "never";
                                    when?: {
                                        min_order_value_cents?: number;
                                        max_order_value_cents?: number;
                                        service_levels?: ("standard" | "express" | "overnight")[];
                                        carriers?: string[];
                                        min_attempt?: number;
                                        max_attempt?: number;
                                    };
                                    /** @enum {string} */
                                    success_check?: "address_valid" | "payment_captured" | "scan_present" | "carrier_moving" | "stock_reallocated" | "system_recovered" | "none";
                                }[];
                            };
                            DELIVERY_DELAY?: {
                                steps: {
                                    /** @enum {string} */
                                    action: "address_validation_service" | "payment_retry" | "inventory_reallocation" | "scan_backfill" | "system_recovery" | "carrier_api_update" | "notify_customer";
                                    /** @enum {string} */
                                    mode: "auto" | "approval" | "never";
                                    when?: {
                                        min_order_value_cents?: number;
                                        max_order_value_cents?: number;
                                        service_levels?: ("standard" | "express" | "overnight")[];
                                        carriers?: string[];
                                        min_attempt?: number;
                                        max_attempt?: number;
                                    };
                                    /** @enum {string} */
                                    success_check?: "address_valid" | "payment_captured" | "scan_present" | "carrier_moving" | "stock_reallocated" | "system_recovered" | "none";
                                }[];
                            };
                            STOCK_MISMATCH?: {
                                steps: {
                                    /** @enum {string} */
                                    action: "address_validation_service" | "payment_retry" | "inventory_reallocation" | "scan_backfill" | "system_recovery" | "carrier_api_update" | "notify_customer";
                                    /** @enum {string} */
                                    mode: "auto" | "approval" | "never";
                                    when?: {
                                        min_order_value_cents?: number;
                                        max_order_value_cents?: number;
                                        service_levels?: ("standard" | "express" | "overnight")[];
                                        carriers?: string[];
                                        min_attempt?: number;
                                        max_attempt?: number;
                                    };
                                    /** @enum {string} */
                                    success_check?: "address_valid" | "payment_captured" | "scan_present" | "carrier_moving" | "stock_reallocated" | "system_recovered" | "none";
                                }[];
                            };
                            INVENTORY_SHORTAGE?: {
                                steps: {
                                    /** @enum {string} */
                                    action: "address_validation_service" | "payment_retry" | "inventory_reallocation" | "scan_backfill" | "system_recovery" | "carrier_api_update" | "notify_customer";
                                    /** @enum {string} */
                                    mode: "auto" | "approval" | "never";
                                    when?: {
                                        min_order_value_cents?: number;
                                        max_order_value_cents?: number;
                                        service_levels?: ("standard" | "express" | "overnight")[];
                                        carriers?: string[];
                                        min_attempt?: number;
                                        max_attempt?: number;
                                    };
                                    /** @enum {string} */
                                    success_check?: "address_valid" | "payment_captured" | "scan_present" | "carrier_moving" | "stock_reallocated" | "system_recovered" | "none";
                                }[];
                            };
                            ADDRESS_ERROR?: {
                                steps: {
                                    /** @enum {string} */
                                    action: "address_validation_service" | "payment_retry" | "inventory_reallocation" | "scan_backfill" | "system_recovery" | "carrier_api_update" | "notify_customer";
                                    /** @enum {string} */
                                    mode: "auto" | "approval" | "never";
                                    when?: {
                                        min_order_value_cents?: number;
                                        max_order_value_cents?: number;
                                        service_levels?: ("standard" | "express" | "overnight")[];
                                        carriers?: string[];
                                        min_attempt?: number;
                                        max_attempt?: number;
                                    };
                                    /** @enum {string} */
                                    success_check?: "address_valid" | "payment_captured" | "scan_present" | "carrier_moving" | "stock_reallocated" | "system_recovered" | "none";
                                }[];
                            };
                            ADDRESS_INVALID?: {
                                steps: {
                                    /** @enum {string} */
                                    action: "address_validation_service" | "payment_retry" | "inventory_reallocation" | "scan_backfill" | "system_recovery" | "carrier_api_update" | "notify_customer";
                                    /** @enum {string} */
                                    mode: "auto" | "approval" | "never";
                                    when?: {
                                        min_order_value_cents?: number;
                                        max_order_value_cents?: number;
                                        service_levels?: ("standard" | "express" | "overnight")[];
                                        carriers?: string[];
                                        min_attempt?: number;
                                        max_attempt?: number;
                                    };
                                    /** @enum {string} */
                                    success_check?: "address_valid" | "payment_captured" | "scan_present" | "carrier_moving" | "stock_reallocated" | "system_recovered" | "none";
                                }[];
                            };
                            PAYMENT_FAILED?: {
                                steps: {
                                    /** @enum {string} */
                                    action: "address_validation_service" | "payment_retry" | "inventory_reallocation" | "scan_backfill" | "system_recovery" | "carrier_api_update" | "notify_customer";
                                    /** @enum {string} */
                                    mode: "auto" | "approval" | "never";
                                    when?: {
                                        min_order_value_cents?: number;
                                        max_order_value_cents?: number;
                                        service_levels?: ("standard" | "express" | "overnight")[];
                                        carriers?: string[];
                                        min_attempt?: number;
                                        max_attempt?: number;
                                    };
                                    /** @enum {string} */
                                    success_check?: "address_valid" | "payment_captured" | "scan_present" | "carrier_moving" | "stock_reallocated" | "system_recovered" | "none";
                                }[];
                            };
                            DAMAGED_PACKAGE?: {
                                steps: {
                                    /** @enum {string} */
                                    action: "address_validation_service" | "payment_retry" | "inventory_reallocation" | "scan_backfill" | "system_recovery" | "carrier_api_update" | "notify_customer";
                                    /** @enum {string} */
                                    mode: "auto" | "approval" | "never";
                                    when?: {
                                        min_order_value_cents?: number;
                                        max_order_value_cents?: number;
                                        service_levels?: ("standard" | "express" | "overnight")[];
                                        carriers?: string[];
                                        min_attempt?: number;
                                        max_attempt?: number;
                                    };
                                    /** @enum {string} */
                                    success_check?: "address_valid" | "payment_captured" | "scan_present" | "carrier_moving" | "stock_reallocated" | "system_recovered" | "none";
                                }[];
                            };
                            CUSTOMER_UNAVAILABLE?: {
                                steps: {
                                    /** @enum {string} */
                                    action: "address_validation_service" | "payment_retry" | "inventory_reallocation" | "scan_backfill" | "system_recovery" | "carrier_api_update" | "notify_customer";
                                    /** @enum {string} */
                                    mode: "auto" | "approval" | "never";
                                    when?: {
                                        min_order_value_cents?: number;
                                        max_order_value_cents?: number;
                                        service_levels?: ("standard" | "express" | "overnight")[];
                                        carriers?: string[];
                                        min_attempt?: number;
                                        max_attempt?: number;
                                    };
                                    /** @enum {string} */
                                    success_check?: "address_valid" | "payment_captured" | "scan_present" | "carrier_moving" | "stock_reallocated" | "system_recovered" | "none";
                                }[];
                            };
                            SYSTEM_ERROR?: {
                                steps: {
                                    /** @enum {string} */
                                    action: "address_validation_service" | "payment_retry" | "inventory_reallocation" | "scan_backfill" | "system_recovery" | "carrier_api_update" | "notify_customer";
                                    /** @enum {string} */
                                    mode: "auto" | "approval" | "never";
                                    when?: {
                                        min_order_value_cents?: number;
                                        max_order_value_cents?: number;
                                        service_levels?: ("standard" | "express" | "overnight")[];
                                        carriers?: string[];
                                        min_attempt?: number;
                                        max_attempt?: number;
                                    };
                                    /** @enum {string} */
                                    success_check?: "address_valid" | "payment_captured" | "scan_present" | "carrier_moving" | "stock_reallocated" | "system_recovered" | "none";
                                }[];
                            };
                            OTHER?: {
                                steps: {
                                    /** @enum {string} */
                                    action: "address_validation_service" | "payment_retry" | "inventory_reallocation" | "scan_backfill" | "system_recovery" | "carrier_api_update" | "notify_customer";
                                    /** @enum {string} */
                                    mode: "auto" | "approval" | "never";
                                    when?: {
                                        min_order_value_cents?: number;
                                        max_order_value_cents?: number;
                                        service_levels?: ("standard" | "express" | "overnight")[];
                                        carriers?: string[];
                                        min_attempt?: number;
                                        max_attempt?: number;
                                    };
                                    /** @enum {string} */
                                    success_check?: "address_valid" | "payment_captured" | "scan_present" | "carrier_moving" | "stock_reallocated" | "system_recovered" | "none";
                                }[];
                            };
                        };
                    };
                };
            };
            responses: {
                /** @description The playbooks with the new version */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TenantPlaybooks"];
                    };
                };
                /** @description Missing or invalid API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description A tenant key for another tenant's settings */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Unknown tenant */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Validation failed; details name each field and rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tenants/{name}/holidays": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's holidays (local dates; the holiday multiplier applies): in effect now, and every version */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The holidays */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TenantHolidays"];
                    };
                };
                /** @description Missing or invalid API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description A tenant key for another tenant's settings */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Unknown tenant */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Validation failed; details name each field and rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        /** A new holiday list, effective from effective_from */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        holidays: string[];
                        /**
                         * Format: date-time
                         * @description When the version takes effect (default: now); never in the past
                         */
                        effective_from?: string;
                    };
                };
            };
            responses: {
                /** @description The holidays with the new version */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TenantHolidays"];
                    };
                };
                /** @description Missing or invalid API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description A tenant key for another tenant's settings */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Unknown tenant */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Validation failed; details name each field and rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tenants/{name}/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's notification endpoint (without its secret) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The endpoint, or null while none is configured */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["NotificationEndpoint"];
                    };
                };
                /** @description Missing or invalid API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description A tenant key for another tenant's endpoint */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Unknown tenant */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Validation failed; details name each field and rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        /** Creates or replaces the endpoint that receives signed POSTs for the chosen events */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": components["schemas"]["NotificationEndpointBody"];
                };
            };
            responses: {
                /** @description The endpoint as stored */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["NotificationEndpoint"];
                    };
                };
                /** @description Missing or invalid API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description A tenant key for another tenant's endpoint */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Unknown tenant */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Validation failed; details name each field and rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/notifications/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's notification deliveries, newest first: status, attempts, last answer */
        get: {
            parameters: {
                query?: {
                    status?: "PENDING" | "DELIVERED" | "FAILED" | "CANCELLED";
                    event_type?: "exception_created" | "exception_escalated" | "exception_resolved" | "exception_blocked" | "approval_needed" | "client_note";
                    page?: number;
                    page_size?: number;
                };
                header: {
                    /** @description Tenant name */
                    "x-tenant-id": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of deliveries */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["NotificationDeliveryPage"];
                    };
                };
                /** @description Bad request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Missing or invalid API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Not found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Validation failed */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        ExceptionPage: {
            items: components["schemas"]["Exception"][];
            total: number;
            page: number;
            page_size: number;
            has_next: boolean;
        };
        Exception: {
            id: string;
            order_id: string;
            reason_code: string;
            /** @enum {string} */
            status: "OPEN" | "ACKNOWLEDGED" | "IN_PROGRESS" | "RESOLVED" | "CLOSED";
            /** @enum {string} */
            severity: "LOW" | "MEDIUM" | "HIGH" | "CRITICAL";
            priority: number | null;
            ai_label: string | null;
            ai_confidence: number | null;
            ops_note: string | null;
            client_note: string | null;
            context_data: {
                [key: string]: unknown;
            };
            correlation_id: string | null;
            resolution_attempts: number;
            max_resolution_attempts: number;
            last_resolution_attempt_at: string | null;
            resolution_blocked: boolean;
            resolution_block_reason: string | null;
            escalation_level: number;
            created_at: string;
            updated_at: string;
            resolved_at: string | null;
        };
        ErrorBody: {
            error: {
                code: string;
                message: string;
                details: {
                    path: string;
                    rule: string;
                }[];
            };
        };
        ExceptionSummary: {
            total: number;
            active: number;
            blocked: number;
            created_last_24h: number;
            avg_resolution_minutes: number | null;
            oldest_active_created_at: string | null;
            by_status: {
                [key: string]: number;
            };
            by_severity: {
                [key: string]: number;
            };
            by_reason_code: {
                [key: string]: number;
            };
        };
        ExceptionDetail: {
            id: string;
            order_id: string;
            reason_code: string;
            /** @enum {string} */
            status: "OPEN" | "ACKNOWLEDGED" | "IN_PROGRESS" | "RESOLVED" | "CLOSED";
            /** @enum {string} */
            severity: "LOW" | "MEDIUM" | "HIGH" | "CRITICAL";
            priority: number | null;
            ai_label: string | null;
            ai_confidence: number | null;
            ops_note: string | null;
            client_note: string | null;
            context_data: {
                [key: string]: unknown;
            };
            correlation_id: string | null;
            resolution_attempts: number;
            max_resolution_attempts: number;
            last_resolution_attempt_at: string | null;
            resolution_blocked: boolean;
            resolution_block_reason: string | null;
            escalation_level: number;
            created_at: string;
            updated_at: string;
            resolved_at: string | null;
            breach_context: components["schemas"]["BreachContext"];
            timeline: {
                source: string;
                event_id: string;
                event_type: string;
                occurred_at: string;
                received_at: string;
                correlation_id: string | null;
                payload: {
                    [key: string]: unknown;
                };
            }[];
            resolution_attempt_history: {
                id: string;
                attempt_number: number;
                status: string;
                actions?: unknown;
                outcome?: unknown;
                error: string | null;
                /**
                 * @description Who decided: the model (within the playbook), the tenant playbook, or a person
                 * @enum {string|null}
                 */
                decision_source: "ai" | "playbook" | "human" | null;
                /** @description What the success checks found after the actions */
                evidence?: unknown;
                started_at: string;
                finished_at: string | null;
            }[];
        };
        BreachContext: {
            /** @enum {string} */
            window: "pick" | "pack" | "ship" | "delivery";
            started_at: string;
            deadline_at: string;
            ended_at: string | null;
            actual_minutes: number;
            sla_minutes: number;
            delay_minutes: number;
            multipliers: {
                name: string;
                value: number;
            }[];
        } | null;
        ExceptionPatch: {
            /** @enum {string} */
            status?: "OPEN" | "ACKNOWLEDGED" | "IN_PROGRESS" | "RESOLVED" | "CLOSED";
            /** @enum {string} */
            severity?: "LOW" | "MEDIUM" | "HIGH" | "CRITICAL";
            ops_note?: string;
        };
        FlowRun: {
            workflow_id: string;
            run_id: string;
        };
        /** @description The parameters the flow accepts; the tenant is the authenticated caller (a tenant given here must be the caller) */
        FlowRunRequest: {
            tenant?: string;
            lookback_hours?: number;
            chunk_size?: number;
            analysis_hours?: number;
            exception_ids?: string[];
            batch_size?: number;
        };
        InvoicePage: {
            items: components["schemas"]["Invoice"][];
            total: number;
            page: number;
            page_size: number;
            has_next: boolean;
        };
        Invoice: {
            id: string;
            tenant: string;
            /**
             * @description MINIMUM_MONTHLY_FEE: a closed month's shortfall against the minimum monthly fee (no order)
             * @enum {string}
             */
            kind: "ORDER" | "MINIMUM_MONTHLY_FEE";
            order_id: string | null;
            /** @example INV-demo-3pl-202611-000042 */
            invoice_number: string;
            /** @enum {string} */
            status: "DRAFT" | "PENDING" | "SENT" | "PAID" | "VOID";
            amount_cents: number;
            currency: string;
            billing_period: string;
            invoice_date: string;
            due_date: string;
            volume_tier_percent: number;
            finalized_at: string | null;
            sent_at: string | null;
            paid_at: string | null;
            voided_at: string | null;
            created_at: string;
            updated_at: string;
        };
        InvoiceDetail: {
            id: string;
            tenant: string;
            /**
             * @description MINIMUM_MONTHLY_FEE: a closed month's shortfall against the minimum monthly fee (no order)
             * @enum {string}
             */
            kind: "ORDER" | "MINIMUM_MONTHLY_FEE";
            order_id: string | null;
            /** @example INV-demo-3pl-202611-000042 */
            invoice_number: string;
            /** @enum {string} */
            status: "DRAFT" | "PENDING" | "SENT" | "PAID" | "VOID";
            amount_cents: number;
            currency: string;
            billing_period: string;
            invoice_date: string;
            due_date: string;
            volume_tier_percent: number;
            finalized_at: string | null;
            sent_at: string | null;
            paid_at: string | null;
            voided_at: string | null;
            created_at: string;
            updated_at: string;
            line_items: components["schemas"]["InvoiceLineItem"][];
            billable_operations: {
                [key: string]: unknown;
            };
            adjustments: components["schemas"]["InvoiceAdjustment"][];
            /** @description applied adjustments only */
            adjustments_total_cents: number;
            /** @description amount plus applied adjustments: what the tenant owes */
            total_due_cents: number;
        };
        InvoiceLineItem: {
            operation: string;
            description: string;
            quantity: number;
            rate_cents: number;
            amount_cents: number;
        };
        InvoiceAdjustment: {
            id: string;
            invoice_id: string;
            /** @enum {string} */
            reason: "RECALCULATION" | "SLA_CREDIT" | "LATE_FEE" | "MANUAL";
            delta_cents: number;
            rationale: string;
            /** @enum {string} */
            status: "APPLIED" | "PENDING_REVIEW" | "REJECTED";
            /** @enum {string} */
            priority: "NORMAL" | "HIGH";
            exception_id: string | null;
            decided_by: string | null;
            decided_at: string | null;
            created_at: string;
        };
        BillingReport: {
            tenant: string;
            /** @description YYYY-MM */
            period: string;
            generated_at: string;
            /** @description every invoice issued in the period, void ones included */
            invoice_count: number;
            /** @description sum of the non-void invoices' amounts */
            gross_cents: number;
            adjustments_by_reason: {
                RECALCULATION?: {
                    count: number;
                    applied_cents: number;
                    pending_review_cents: number;
                    rejected_cents: number;
                };
                SLA_CREDIT?: {
                    count: number;
                    applied_cents: number;
                    pending_review_cents: number;
                    rejected_cents: number;
                };
                LATE_FEE?: {
                    count: number;
                    applied_cents: number;
                    pending_review_cents: number;
                    rejected_cents: number;
                };
                MANUAL?: {
                    count: number;
                    applied_cents: number;
                    pending_review_cents: number;
                    rejected_cents: number;
                };
            };
            /** @description applied adjustments on non-void invoices */
            adjustments_applied_cents: number;
            /** @description gross plus applied adjustments */
            net_cents: number;
            by_status: {
                DRAFT?: {
                    count: number;
                    amount_cents: number;
                };
                PENDING?: {
                    count: number;
                    amount_cents: number;
                };
                SENT?: {
                    count: number;
                    amount_cents: number;
                };
                PAID?: {
                    count: number;
                    amount_cents: number;
                };
                VOID?: {
                    count: number;
                    amount_cents: number;
                };
            };
            minimum_monthly_fee_cents: number;
            /** @description what the tenant owes on top of net to reach its minimum monthly fee */
            minimum_fee_shortfall_cents: number;
            /** @description the shortfall invoiced at month close (null before the close or without shortfall) */
            minimum_fee_invoice: {
                invoice_number: string;
                amount_cents: number;
                status: string;
            } | null;
            /** @description false when computed on request because no run stored it yet */
            stored: boolean;
        };
        InvoiceAdjustmentPage: {
            items: {
                id: string;
                invoice_id: string;
                /** @enum {string} */
                reason: "RECALCULATION" | "SLA_CREDIT" | "LATE_FEE" | "MANUAL";
                delta_cents: number;
                rationale: string;
                /** @enum {string} */
                status: "APPLIED" | "PENDING_REVIEW" | "REJECTED";
                /** @enum {string} */
                priority: "NORMAL" | "HIGH";
                exception_id: string | null;
                decided_by: string | null;
                decided_at: string | null;
                created_at: string;
                order_id: string | null;
                invoice_number: string;
            }[];
            total: number;
            page: number;
            page_size: number;
            has_next: boolean;
        };
        TenantTariff: {
            tenant: string;
            overrides: {
                pick_cents?: number;
                pack_cents?: number;
                label_cents?: number;
                kitting_cents?: number;
                storage_per_day_cents?: number;
                storage_long_term_after_days?: number;
                storage_long_term_multiplier?: number;
                photo_cents?: number;
                quality_check_cents?: number;
                custom_packaging_cents?: number;
                gift_wrap_cents?: number;
                return_cents?: number;
                restocking_cents?: number;
                inspection_cents?: number;
                minimum_per_order_cents?: number;
                rush_multiplier?: number;
                oversized_multiplier?: number;
                hazmat_multiplier?: number;
                fragile_multiplier?: number;
                volume_tiers?: {
                    min_orders: number;
                    discount_percent: number;
                }[];
                minimum_monthly_fee_cents?: number;
                payment_terms_days?: number;
                late_fee_cents?: number;
                auto_credit_threshold_cents?: number;
                manual_review_threshold_cents?: number;
            };
            effective: {
                pick_cents: number;
                pack_cents: number;
                label_cents: number;
                kitting_cents: number;
                storage_per_day_cents: number;
                storage_long_term_after_days: number;
                storage_long_term_multiplier: number;
                photo_cents: number;
                quality_check_cents: number;
                custom_packaging_cents: number;
                gift_wrap_cents: number;
                return_cents: number;
                restocking_cents: number;
                inspection_cents: number;
                minimum_per_order_cents: number;
                rush_multiplier: number;
                oversized_multiplier: number;
                hazmat_multiplier: number;
                fragile_multiplier: number;
                volume_tiers: {
                    min_orders: number;
                    discount_percent: number;
                }[];
                minimum_monthly_fee_cents: number;
                payment_terms_days: number;
                late_fee_cents: number;
                auto_credit_threshold_cents: number;
                manual_review_threshold_cents: number;
            };
        };
        DlqStats: {
            total: number;
            byStatus: {
                PENDING: number;
                REPLAYED: number;
                FAILED: number;
            };
            byKind: {
                kind: string;
                status: string;
                count: number;
            }[];
            due: number;
            oldestPendingAt: string | null;
        };
        DlqReplaySummary: {
            claimed: number;
            replayed: number;
            failed: number;
            results: {
                id: string;
                kind: string;
                tenant: string | null;
                /** @enum {string} */
                outcome: "replayed" | "failed";
                /** @enum {string} */
                eventStatus?: "accepted" | "duplicate";
                error?: string;
                nextAttemptAt?: string;
            }[];
        };
        DlqReplayRequest: {
            tenant?: string;
            /** @enum {string} */
            kind?: "event" | "activity";
            ids?: string[];
            /** @default 100 */
            limit: number;
        };
        QuarantinedRecord: {
            id: string;
            tenant: string;
            kind: string;
            record_key: string;
            error_class: string;
            error_message: string;
            attempts: number;
            workflow_id: string | null;
            run_id: string | null;
            activity_type: string | null;
            /** @enum {string} */
            status: "open" | "replayed" | "discarded";
            first_seen_at: string;
            last_seen_at: string;
            closed_at: string | null;
        };
        QuarantineAction: {
            /** @enum {string} */
            outcome: "replayed" | "discarded";
            record: components["schemas"]["QuarantinedRecord"];
        };
        EnrichmentHealth: {
            tenant: string;
            asOf: string;
            /** @enum {string} */
            status: "healthy" | "warning" | "critical";
            figures: {
                total: number;
                classificationRate: number;
                highConfidenceRate: number;
                automationRate: number;
                averageConfidence: number;
                completeness: number;
                quality: number;
                failureRate: number;
                backlog: number;
            };
            alerts: {
                kind: string;
                /** @enum {string} */
                severity: "WARNING" | "CRITICAL";
                value: number;
                threshold: number;
                message: string;
            }[];
            thresholds: {
                [key: string]: number;
            };
            recentAlerts: {
                kind: string;
                severity: string;
                message: string;
                createdAt: string;
            }[];
        };
        EnrichmentReport: {
            tenant: string;
            from: string;
            to: string;
        } & {
            [key: string]: unknown;
        };
        EnrichmentBacklog: {
            tenant: string;
            backlog: number;
        } & {
            [key: string]: unknown;
        };
        EnrichmentProcessStarted: {
            workflowId: string;
            runId: string;
            alreadyRunning: boolean;
        };
        ExceptionResolutionState: {
            id: string;
            resolution_attempts: number;
            max_resolution_attempts: number;
            resolution_blocked: boolean;
            resolution_block_reason: string | null;
            last_resolution_attempt_at: string | null;
        };
        ResolutionAttempt: {
            attempt_number: number;
            status: string;
            workflow_id: string | null;
            run_id: string | null;
            analysis?: unknown;
            actions: unknown[];
            outcome?: unknown;
            error: string | null;
            started_at: string;
            finished_at: string | null;
            /**
             * @description Who decided: the model (within the playbook), the tenant playbook, or a person
             * @enum {string|null}
             */
            decision_source: "ai" | "playbook" | "human" | null;
            /** @description What the success checks found after the actions (resolved attempts carry the proof) */
            evidence?: unknown;
        };
        CircuitBreaker: {
            name: string;
            /** @enum {string} */
            state: "closed" | "open" | "half_open";
            failure_count: number;
            failure_threshold: number;
            reset_timeout_seconds: number;
            opened_at: string | null;
            last_failure_at: string | null;
            last_error: string | null;
        };
        OrderTimeline: {
            order: {
                order_id: string;
                service_level: string;
                flags: string[];
                currency: string;
                total_amount_cents: number | null;
                event_count: number;
                evaluated_at: string | null;
                next_deadline_at: string | null;
                milestones: {
                    [key: string]: string | null;
                };
            };
            events: {
                source: string;
                event_id: string;
                event_type: string;
                occurred_at: string;
                received_at: string;
            }[];
            sla_windows: {
                stage: string;
                status: string;
                started_at: string | null;
                completed_at: string | null;
                deadline_at: string | null;
                sla_minutes: number | null;
                actual_minutes: number | null;
                breached: boolean;
                scan_missing: boolean;
                multipliers: {
                    name: string;
                    value: number;
                }[];
            }[];
            exceptions: {
                id: string;
                reason_code: string;
                status: string;
                severity: string;
                created_at: string;
                resolved_at: string | null;
                delay_minutes: number | null;
            }[];
            invoices: {
                id: string;
                invoice_number: string;
                status: string;
                currency: string;
                amount_cents: number;
                adjustments_total_cents: number;
                total_due_cents: number;
                adjustments: {
                    id: string;
                    reason: string;
                    status: string;
                    delta_cents: number;
                    rationale: string;
                    exception_id: string | null;
                }[];
            }[];
        };
        Overview: {
            tenant: string;
            as_of: string;
            open_exceptions: {
                count: number;
                /** @description GET /exceptions query that lists exactly these exceptions */
                filters: {
                    [key: string]: string;
                };
                by_reason_code: {
                    [key: string]: {
                        count: number;
                        /** @description GET /exceptions query that lists exactly these exceptions */
                        filters: {
                            [key: string]: string;
                        };
                    };
                };
                by_severity: {
                    [key: string]: {
                        count: number;
                        /** @description GET /exceptions query that lists exactly these exceptions */
                        filters: {
                            [key: string]: string;
                        };
                    };
                };
            };
            breaches_last_24h: {
                since: string;
                count: number;
                by_stage: {
                    count: number;
                    /** @description GET /exceptions query that lists exactly these exceptions */
                    filters: {
                        [key: string]: string;
                    };
                    /** @enum {string} */
                    stage: "pick" | "pack" | "ship" | "delivery";
                    reason_code: string;
                }[];
            };
            awaiting_approval: {
                count: number;
                /** @description GET /exceptions query that lists exactly these exceptions */
                filters: {
                    [key: string]: string;
                };
            };
            escalated: {
                count: number;
                /** @description GET /exceptions query that lists exactly these exceptions */
                filters: {
                    [key: string]: string;
                };
            };
            blocked: {
                count: number;
                /** @description GET /exceptions query that lists exactly these exceptions */
                filters: {
                    [key: string]: string;
                };
            };
            /** @description Percent, as GET /api/enrichment/health figures */
            automation_rate: number;
            enrichment: {
                status: string;
                completeness: number;
                quality: number;
                failure_rate: number;
                backlog: number;
                alerts: number;
            };
            circuit_breakers: {
                name: string;
                /** @enum {string} */
                state: "closed" | "open" | "half_open";
            }[];
            dlq: {
                pending: number;
                failed: number;
                due: number;
            };
            /** @description null while the quarantine does not exist */
            quarantined: number | null;
        };
        CreatedTenant: {
            name: string;
            /** @description Shown once */
            webhook_secret: string;
            /** @description Shown once; stored hashed */
            api_key: string;
            api_key_prefix: string;
            provisioning: components["schemas"]["TenantProvisioning"];
        };
        TenantProvisioning: {
            /** @example tenant-onboarding:acme */
            workflow_id: string;
            /**
             * @description not_started: Temporal was unreachable; the tenant-reconciler finishes it
             * @enum {string}
             */
            status: "completed" | "running" | "failed" | "not_started";
            detail: string | null;
        };
        CreateTenantRequest: {
            name: string;
            display_name?: string;
            /** @example Europe/Berlin */
            timezone?: string;
            /** @description Base URL of the partner systems (address, payments, wms, carrier, systems) */
            partner_url?: string;
        };
        TenantSummary: {
            name: string;
            display_name: string | null;
            timezone: string;
            /** @enum {string} */
            state: "active" | "disabled";
            /** Format: date-time */
            disabled_at: string | null;
            monitor: {
                workflow_id: string;
                running: boolean;
            };
            schedules: {
                expected: number;
                present: number;
                paused: number;
            };
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
        };
        TenantDetail: {
            name: string;
            display_name: string | null;
            timezone: string;
            /** @enum {string} */
            state: "active" | "disabled";
            /** Format: date-time */
            disabled_at: string | null;
            monitor: {
                workflow_id: string;
                running: boolean;
            };
            schedules: {
                expected: number;
                present: number;
                paused: number;
            };
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
            partner_endpoints: {
                [key: string]: string;
            };
            /**
             * Format: date-time
             * @description Until when the secret before the last rotation is still accepted
             */
            previous_webhook_secret_expires_at: string | null;
            api_keys: {
                prefix: string;
                /** Format: date-time */
                created_at: string;
            }[];
            schedule_list: {
                schedule_id: string;
                present: boolean;
                paused: boolean;
                note: string | null;
            }[];
        };
        TenantChange: {
            name: string;
            display_name: string | null;
            timezone: string;
            /** @enum {string} */
            state: "active" | "disabled";
            /** Format: date-time */
            disabled_at: string | null;
            monitor: {
                workflow_id: string;
                running: boolean;
            };
            schedules: {
                expected: number;
                present: number;
                paused: number;
            };
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
            partner_endpoints: {
                [key: string]: string;
            };
            /**
             * Format: date-time
             * @description Until when the secret before the last rotation is still accepted
             */
            previous_webhook_secret_expires_at: string | null;
            api_keys: {
                prefix: string;
                /** Format: date-time */
                created_at: string;
            }[];
            schedule_list: {
                schedule_id: string;
                present: boolean;
                paused: boolean;
                note: string | null;
            }[];
            provisioning: components["schemas"]["TenantProvisioning"];
        };
        UpdateTenantRequest: {
            display_name?: string | null;
            /** @example Europe/Berlin */
            timezone?: string;
            /** @description Base URL of the partner systems (address, payments, wms, carrier, systems) */
            partner_url?: string;
        };
        RotatedWebhookSecret: {
            name: string;
            /** @description The new secret, shown once */
            webhook_secret: string;
            /** Format: date-time */
            previous_secret_valid_until: string | null;
        };
        RotateWebhookSecretRequest: {
            /** @description How long the previous secret stays valid (default WEBHOOK_SECRET_GRACE_HOURS; 0 = not) */
            grace_hours?: number;
        };
        ApiKeyCreated: {
            name: string;
            prefix: string;
            /** @description Shown once; stored hashed */
            api_key: string;
            /** Format: date-time */
            created_at: string;
        };
        ApiKeyRevoked: {
            name: string;
            prefix: string;
            /** @enum {boolean} */
            revoked: true;
        };
        TenantSlaPolicy: {
            tenant: string;
            /** @description null: the baseline (no version in effect yet) */
            version: number | null;
            /** Format: date-time */
            effective_from: string | null;
            overrides: {
                /** @default 120 */
                pick_minutes: number;
                /** @default 180 */
                pack_minutes: number;
                /** @default 1440 */
                ship_minutes: number;
                /** @default 5 */
                carrier_delivery_days: number;
                /** @default 2 */
                express_delivery_days: number;
                /** @default 1 */
                overnight_delivery_days: number;
                /** @default 1.5 */
                weekend_multiplier: number;
                /** @default 2 */
                holiday_multiplier: number;
                /** @default 100 */
                high_volume_threshold: number;
                /** @default 1.3 */
                high_volume_multiplier: number;
                /** @default 1.4 */
                peak_season_multiplier: number;
                /** @default 1.5 */
                oversized_multiplier: number;
                /** @default 2 */
                hazmat_multiplier: number;
                /** @default 1.2 */
                fragile_multiplier: number;
                /** @default 60 */
                missing_scan_buffer_minutes: number;
                /** @default 15 */
                system_error_escalation_minutes: number;
                /** @default 30 */
                ops_notification_delay_minutes: number;
                /** @default 60 */
                customer_notification_delay_minutes: number;
                /** @default 4 */
                escalation_delay_hours: number;
                /** @default [] */
                peak_periods: {
                    /** @default peak */
                    name: string;
                    start: string;
                    end: string;
                }[];
            };
            /** @description The policy evaluations use now, holidays included */
            effective: {
                /** @default 120 */
                pick_minutes: number;
                /** @default 180 */
                pack_minutes: number;
                /** @default 1440 */
                ship_minutes: number;
                /** @default 5 */
                carrier_delivery_days: number;
                /** @default 2 */
                express_delivery_days: number;
                /** @default 1 */
                overnight_delivery_days: number;
                /** @default 1.5 */
                weekend_multiplier: number;
                /** @default 2 */
                holiday_multiplier: number;
                /** @default 100 */
                high_volume_threshold: number;
                /** @default 1.3 */
                high_volume_multiplier: number;
                /** @default 1.4 */
                peak_season_multiplier: number;
                /** @default 1.5 */
                oversized_multiplier: number;
                /** @default 2 */
                hazmat_multiplier: number;
                /** @default 1.2 */
                fragile_multiplier: number;
                /** @default 60 */
                missing_scan_buffer_minutes: number;
                /** @default 15 */
                system_error_escalation_minutes: number;
                /** @default 30 */
                ops_notification_delay_minutes: number;
                /** @default 60 */
                customer_notification_delay_minutes: number;
                /** @default 4 */
                escalation_delay_hours: number;
                /** @default [] */
                holidays: string[];
                /** @default [] */
                peak_periods: {
                    /** @default peak */
                    name: string;
                    start: string;
                    end: string;
                }[];
            };
            history: components["schemas"]["SlaPolicyVersion"][];
        };
        SlaPolicyVersion: {
            version: number;
            /** Format: date-time */
            effective_from: string;
            /** @enum {string} */
            status: "superseded" | "current" | "scheduled";
            /** Format: date-time */
            created_at: string;
            created_by: string;
            overrides: {
                /** @default 120 */
                pick_minutes: number;
                /** @default 180 */
                pack_minutes: number;
                /** @default 1440 */
                ship_minutes: number;
                /** @default 5 */
                carrier_delivery_days: number;
                /** @default 2 */
                express_delivery_days: number;
                /** @default 1 */
                overnight_delivery_days: number;
                /** @default 1.5 */
                weekend_multiplier: number;
                /** @default 2 */
                holiday_multiplier: number;
                /** @default 100 */
                high_volume_threshold: number;
                /** @default 1.3 */
                high_volume_multiplier: number;
                /** @default 1.4 */
                peak_season_multiplier: number;
                /** @default 1.5 */
                oversized_multiplier: number;
                /** @default 2 */
                hazmat_multiplier: number;
                /** @default 1.2 */
                fragile_multiplier: number;
                /** @default 60 */
                missing_scan_buffer_minutes: number;
                /** @default 15 */
                system_error_escalation_minutes: number;
                /** @default 30 */
                ops_notification_delay_minutes: number;
                /** @default 60 */
                customer_notification_delay_minutes: number;
                /** @default 4 */
                escalation_delay_hours: number;
                /** @default [] */
                peak_periods: {
                    /** @default peak */
                    name: string;
                    start: string;
                    end: string;
                }[];
            };
        };
        TenantPlaybooks: {
            tenant: string;
            /** @description null: the default playbooks (no version yet) */
            version: number | null;
            /** Format: date-time */
            effective_from: string | null;
            /** @description The reason codes this version sets */
            overrides: {
                PICK_DELAY?: {
                    steps: {
                        /** @enum {string} */
                        action: "address_validation_service" | "payment_retry" | "inventory_reallocation" | "scan_backfill" | "system_recovery" | "carrier_api_update" | "notify_customer";
                        /** @enum {string} */
                        mode: "auto" | "approval" | "never";
                        when?: {
                            min_order_value_cents?: number;
                            max_order_value_cents?: number;
                            service_levels?: ("standard" | "express" | "overnight")[];
                            carriers?: string[];
                            min_attempt?: number;
                            max_attempt?: number;
                        };
                        /** @enum {string} */
                        success_check?: "address_valid" | "payment_captured" | "scan_present" | "carrier_moving" | "stock_reallocated" | "system_recovered" | "none";
                    }[];
                };
                PACK_DELAY?: {
                    steps: {
                        /** @enum {string} */
                        action: "address_validation_service" | "payment_retry" | "inventory_reallocation" | "scan_backfill" | "system_recovery" | "carrier_api_update" | "notify_customer";
                        /** @enum {string} */
                        mode: "auto" | "approval" | "never";
                        when?: {
                            min_order_value_cents?: number;
                            max_order_value_cents?: number;
                            service_levels?: ("standard" | "express" | "overnight")[];
                            carriers?: string[];
                            min_attempt?: number;
                            max_attempt?: number;
                        };
                        /** @enum {string} */
                        success_check?: "address_valid" | "payment_captured" | "scan_present" | "carrier_moving" | "stock_reallocated" | "system_recovered" | "none";
                    }[];
                };
                CARRIER_ISSUE?: {
                    steps: {
                        /** @enum {string} */
                        action: "address_validation_service" | "payment_retry" | "inventory_reallocation" | "scan_backfill" | "system_recovery" | "carrier_api_update" | "notify_customer";
                        /** @enum {string} */
                        mode: "auto" | "approval" | "never";
                        when?: {
                            min_order_value_cents?: number;
                            max_order_value_cents?: number;
                            service_levels?: ("standard" | "express" | "overnight")[];
                            carriers?: string[];
                            min_attempt?: number;
                            max_attempt?: number;
                        };
                        /** @enum {string} */
                        success_check?: "address_valid" | "payment_captured" | "scan_present" | "carrier_moving" | "stock_reallocated" | "system_recovered" | "none";
                    }[];
                };
                MISSING_SCAN?: {
                    steps: {
                        /** @enum {string} */
                        action: "address_validation_service" | "payment_retry" | "inventory_reallocation" | "scan_backfill" | "system_recovery" | "carrier_api_update" | "notify_customer";
                        /** @enum {string} */
                        mode: "auto" | "approval" | "never";
                        when?: {
                            min_order_value_cents?: number;
                            max_order_value_cents?: number;
                            service_levels?: ("standard" | "express" | "overnight")[];
                            carriers?: string[];
                            min_attempt?: number;
                            max_attempt?: number;
                        };
                        /** @enum {string} */
                        success_check?: "address_valid" | "payment_captured" | "scan_present" | "carrier_moving" | "stock_reallocated" | "system_recovered" | "none";
                    }[];
                };
                DELIVERY_DELAY?: {
                    steps: {
                        /** @enum {string} */
                        action: "address_validation_service" | "payment_retry" | "inventory_reallocation" | "scan_backfill" | "system_recovery" | "carrier_api_update" | "notify_customer";
                        /** @enum {string} */
                        mode: "auto" | "approval" | "never";
                        when?: {
                            min_order_value_cents?: number;
                            max_order_value_cents?: number;
                            service_levels?: ("standard" | "express" | "overnight")[];
                            carriers?: string[];
                            min_attempt?: number;
                            max_attempt?: number;
                        };
                        /** @enum {string} */
                        success_check?: "address_valid" | "payment_captured" | "scan_present" | "carrier_moving" | "stock_reallocated" | "system_recovered" | "none";
                    }[];
                };
                STOCK_MISMATCH?: {
                    steps: {
                        /** @enum {string} */
                        action: "address_validation_service" | "payment_retry" | "inventory_reallocation" | "scan_backfill" | "system_recovery" | "carrier_api_update" | "notify_customer";
                        /** @enum {string} */
                        mode: "auto" | "approval" | "never";
                        when?: {
                            min_order_value_cents?: number;
                            max_order_value_cents?: number;
                            service_levels?: ("standard" | "express" | "overnight")[];
                            carriers?: string[];
                            min_attempt?: number;
                            max_attempt?: number;
                        };
                        /** @enum {string} */
                        success_check?: "address_valid" | "payment_captured" | "scan_present" | "carrier_moving" | "stock_reallocated" | "system_recovered" | "none";
                    }[];
                };
                INVENTORY_SHORTAGE?: {
                    steps: {
                        /** @enum {string} */
                        action: "address_validation_service" | "payment_retry" | "inventory_reallocation" | "scan_backfill" | "system_recovery" | "carrier_api_update" | "notify_customer";
                        /** @enum {string} */
                        mode: "auto" | "approval" | "never";
                        when?: {
                            min_order_value_cents?: number;
                            max_order_value_cents?: number;
                            service_levels?: ("standard" | "express" | "overnight")[];
                            carriers?: string[];
                            min_attempt?: number;
                            max_attempt?: number;
                        };
                        /** @enum {string} */
                        success_check?: "address_valid" | "payment_captured" | "scan_present" | "carrier_moving" | "stock_reallocated" | "system_recovered" | "none";
                    }[];
                };
                ADDRESS_ERROR?: {
                    steps: {
                        /** @enum {string} */
                        action: "address_validation_service" | "payment_retry" | "inventory_reallocation" | "scan_backfill" | "system_recovery" | "carrier_api_update" | "notify_customer";
                        /** @enum {string} */
                        mode: "auto" | "approval" | "never";
                        when?: {
                            min_order_value_cents?: number;
                            max_order_value_cents?: number;
                            service_levels?: ("standard" | "express" | "overnight")[];
                            carriers?: string[];
                            min_attempt?: number;
                            max_attempt?: number;
                        };
                        /** @enum {string} */
                        success_check?: "address_valid" | "payment_captured" | "scan_present" | "carrier_moving" | "stock_reallocated" | "system_recovered" | "none";
                    }[];
                };
                ADDRESS_INVALID?: {
                    steps: {
                        /** @enum {string} */
                        action: "address_validation_service" | "payment_retry" | "inventory_reallocation" | "scan_backfill" | "system_recovery" | "carrier_api_update" | "notify_customer";
                        /** @enum {string} */
                        mode: "auto" | "approval" | "never";
                        when?: {
                            min_order_value_cents?: number;
                            max_order_value_cents?: number;
                            service_levels?: ("standard" | "express" | "overnight")[];
                            carriers?: string[];
                            min_attempt?: number;
                            max_attempt?: number;
                        };
                        /** @enum {string} */
                        success_check?: "address_valid" | "payment_captured" | "scan_present" | "carrier_moving" | "stock_reallocated" | "system_recovered" | "none";
                    }[];
                };
                PAYMENT_FAILED?: {
                    steps: {
                        /** @enum {string} */
                        action: "address_validation_service" | "payment_retry" | "inventory_reallocation" | "scan_backfill" | "system_recovery" | "carrier_api_update" | "notify_customer";
                        /** @enum {string} */
                        mode: "auto" | "approval" | "never";
                        when?: {
                            min_order_value_cents?: number;
                            max_order_value_cents?: number;
                            service_levels?: ("standard" | "express" | "overnight")[];
                            carriers?: string[];
                            min_attempt?: number;
                            max_attempt?: number;
                        };
                        /** @enum {string} */
                        success_check?: "address_valid" | "payment_captured" | "scan_present" | "carrier_moving" | "stock_reallocated" | "system_recovered" | "none";
                    }[];
                };
                DAMAGED_PACKAGE?: {
                    steps: {
                        /** @enum {string} */
                        action: "address_validation_service" | "payment_retry" | "inventory_reallocation" | "scan_backfill" | "system_recovery" | "carrier_api_update" | "notify_customer";
                        /** @enum {string} */
                        mode: "auto" | "approval" | "never";
                        when?: {
                            min_order_value_cents?: number;
                            max_order_value_cents?: number;
                            service_levels?: ("standard" | "express" | "overnight")[];
                            carriers?: string[];
                            min_attempt?: number;
                            max_attempt?: number;
                        };
                        /** @enum {string} */
                        success_check?: "address_valid" | "payment_captured" | "scan_present" | "carrier_moving" | "stock_reallocated" | "system_recovered" | "none";
                    }[];
                };
                CUSTOMER_UNAVAILABLE?: {
                    steps: {
                        /** @enum {string} */
                        action: "address_validation_service" | "payment_retry" | "inventory_reallocation" | "scan_backfill" | "system_recovery" | "carrier_api_update" | "notify_customer";
                        /** @enum {string} */
                        mode: "auto" | "approval" | "never";
                        when?: {
                            min_order_value_cents?: number;
                            max_order_value_cents?: number;
                            service_levels?: ("standard" | "express" | "overnight")[];
                            carriers?: string[];
                            min_attempt?: number;
                            max_attempt?: number;
                        };
                        /** @enum {string} */
                        success_check?: "address_valid" | "payment_captured" | "scan_present" | "carrier_moving" | "stock_reallocated" | "system_recovered" | "none";
                    }[];
                };
                SYSTEM_ERROR?: {
                    steps: {
                        /** @enum {string} */
                        action: "address_validation_service" | "payment_retry" | "inventory_reallocation" | "scan_backfill" | "system_recovery" | "carrier_api_update" | "notify_customer";
                        /** @enum {string} */
                        mode: "auto" | "approval" | "never";
                        when?: {
                            min_order_value_cents?: number;
                            max_order_value_cents?: number;
                            service_levels?: ("standard" | "express" | "overnight")[];
                            carriers?: string[];
                            min_attempt?: number;
                            max_attempt?: number;
                        };
                        /** @enum {string} */
                        success_check?: "address_valid" | "payment_captured" | "scan_present" | "carrier_moving" | "stock_reallocated" | "system_recovered" | "none";
                    }[];
                };
                OTHER?: {
                    steps: {
                        /** @enum {string} */
                        action: "address_validation_service" | "payment_retry" | "inventory_reallocation" | "scan_backfill" | "system_recovery" | "carrier_api_update" | "notify_customer";
                        /** @enum {string} */
                        mode: "auto" | "approval" | "never";
                        when?: {
                            min_order_value_cents?: number;
                            max_order_value_cents?: number;
                            service_levels?: ("standard" | "express" | "overnight")[];
                            carriers?: string[];
                            min_attempt?: number;
                            max_attempt?: number;
                        };
                        /** @enum {string} */
                        success_check?: "address_valid" | "payment_captured" | "scan_present" | "carrier_moving" | "stock_reallocated" | "system_recovered" | "none";
                    }[];
                };
            };
            /** @description Every reason code’s playbook in effect now: the overrides over the defaults */
            effective: {
                [key: string]: {
                    steps: {
                        /** @enum {string} */
                        action: "address_validation_service" | "payment_retry" | "inventory_reallocation" | "scan_backfill" | "system_recovery" | "carrier_api_update" | "notify_customer";
                        /** @enum {string} */
                        mode: "auto" | "approval" | "never";
                        when?: {
                            min_order_value_cents?: number;
                            max_order_value_cents?: number;
                            service_levels?: ("standard" | "express" | "overnight")[];
                            carriers?: string[];
                            min_attempt?: number;
                            max_attempt?: number;
                        };
                        /** @enum {string} */
                        success_check?: "address_valid" | "payment_captured" | "scan_present" | "carrier_moving" | "stock_reallocated" | "system_recovered" | "none";
                    }[];
                };
            };
            history: components["schemas"]["PlaybooksVersion"][];
        };
        PlaybooksVersion: {
            version: number;
            /** Format: date-time */
            effective_from: string;
            /** @enum {string} */
            status: "superseded" | "current" | "scheduled";
            /** Format: date-time */
            created_at: string;
            created_by: string;
            playbooks: {
                PICK_DELAY?: {
                    steps: {
                        /** @enum {string} */
                        action: "address_validation_service" | "payment_retry" | "inventory_reallocation" | "scan_backfill" | "system_recovery" | "carrier_api_update" | "notify_customer";
                        /** @enum {string} */
                        mode: "auto" | "approval" | "never";
                        when?: {
                            min_order_value_cents?: number;
                            max_order_value_cents?: number;
                            service_levels?: ("standard" | "express" | "overnight")[];
                            carriers?: string[];
                            min_attempt?: number;
                            max_attempt?: number;
                        };
                        /** @enum {string} */
                        success_check?: "address_valid" | "payment_captured" | "scan_present" | "carrier_moving" | "stock_reallocated" | "system_recovered" | "none";
                    }[];
                };
                PACK_DELAY?: {
                    steps: {
                        /** @enum {string} */
                        action: "address_validation_service" | "payment_retry" | "inventory_reallocation" | "scan_backfill" | "system_recovery" | "carrier_api_update" | "notify_customer";
                        /** @enum {string} */
                        mode: "auto" | "approval" | "never";
                        when?: {
                            min_order_value_cents?: number;
                            max_order_value_cents?: number;
                            service_levels?: ("standard" | "express" | "overnight")[];
                            carriers?: string[];
                            min_attempt?: number;
                            max_attempt?: number;
                        };
                        /** @enum {string} */
                        success_check?: "address_valid" | "payment_captured" | "scan_present" | "carrier_moving" | "stock_reallocated" | "system_recovered" | "none";
                    }[];
                };
                CARRIER_ISSUE?: {
                    steps: {
                        /** @enum {string} */
                        action: "address_validation_service" | "payment_retry" | "inventory_reallocation" | "scan_backfill" | "system_recovery" | "carrier_api_update" | "notify_customer";
                        /** @enum {string} */
                        mode: "auto" | "approval" | "never";
                        when?: {
                            min_order_value_cents?: number;
                            max_order_value_cents?: number;
                            service_levels?: ("standard" | "express" | "overnight")[];
                            carriers?: string[];
                            min_attempt?: number;
                            max_attempt?: number;
                        };
                        /** @enum {string} */
                        success_check?: "address_valid" | "payment_captured" | "scan_present" | "carrier_moving" | "stock_reallocated" | "system_recovered" | "none";
                    }[];
                };
                MISSING_SCAN?: {
                    steps: {
                        /** @enum {string} */
                        action: "address_validation_service" | "payment_retry" | "inventory_reallocation" | "scan_backfill" | "system_recovery" | "carrier_api_update" | "notify_customer";
                        /** @enum {string} */
                        mode: "auto" | "approval" | "never";
                        when?: {
                            min_order_value_cents?: number;
                            max_order_value_cents?: number;
                            service_levels?: ("standard" | "express" | "overnight")[];
                            carriers?: string[];
                            min_attempt?: number;
                            max_attempt?: number;
                        };
                        /** @enum {string} */
                        success_check?: "address_valid" | "payment_captured" | "scan_present" | "carrier_moving" | "stock_reallocated" | "system_recovered" | "none";
                    }[];
                };
                DELIVERY_DELAY?: {
                    steps: {
                        /** @enum {string} */
                        action: "address_validation_service" | "payment_retry" | "inventory_reallocation" | "scan_backfill" | "system_recovery" | "carrier_api_update" | "notify_customer";
                        /** @enum {string} */
                        mode: "auto" | "approval" | "never";
                        when?: {
                            min_order_value_cents?: number;
                            max_order_value_cents?: number;
                            service_levels?: ("standard" | "express" | "overnight")[];
                            carriers?: string[];
                            min_attempt?: number;
                            max_attempt?: number;
                        };
                        /** @enum {string} */
                        success_check?: "address_valid" | "payment_captured" | "scan_present" | "carrier_moving" | "stock_reallocated" | "system_recovered" | "none";
                    }[];
                };
                STOCK_MISMATCH?: {
                    steps: {
                        /** @enum {string} */
                        action: "address_validation_service" | "payment_retry" | "inventory_reallocation" | "scan_backfill" | "system_recovery" | "carrier_api_update" | "notify_customer";
                        /** @enum {string} */
                        mode: "auto" | "approval" | "never";
                        when?: {
                            min_order_value_cents?: number;
                            max_order_value_cents?: number;
                            service_levels?: ("standard" | "express" | "overnight")[];
                            carriers?: string[];
                            min_attempt?: number;
                            max_attempt?: number;
                        };
                        /** @enum {string} */
                        success_check?: "address_valid" | "payment_captured" | "scan_present" | "carrier_moving" | "stock_reallocated" | "system_recovered" | "none";
                    }[];
                };
                INVENTORY_SHORTAGE?: {
                    steps: {
                        /** @enum {string} */
                        action: "address_validation_service" | "payment_retry" | "inventory_reallocation" | "scan_backfill" | "system_recovery" | "carrier_api_update" | "notify_customer";
                        /** @enum {string} */
                        mode: "auto" | "approval" | "never";
                        when?: {
                            min_order_value_cents?: number;
                            max_order_value_cents?: number;
                            service_levels?: ("standard" | "express" | "overnight")[];
                            carriers?: string[];
                            min_attempt?: number;
                            max_attempt?: number;
                        };
                        /** @enum {string} */
                        success_check?: "address_valid" | "payment_captured" | "scan_present" | "carrier_moving" | "stock_reallocated" | "system_recovered" | "none";
                    }[];
                };
                ADDRESS_ERROR?: {
                    steps: {
                        /** @enum {string} */
                        action: "address_validation_service" | "payment_retry" | "inventory_reallocation" | "scan_backfill" | "system_recovery" | "carrier_api_update" | "notify_customer";
                        /** @enum {string} */
                        mode: "auto" | "approval" | "never";
                        when?: {
                            min_order_value_cents?: number;
                            max_order_value_cents?: number;
                            service_levels?: ("standard" | "express" | "overnight")[];
                            carriers?: string[];
                            min_attempt?: number;
                            max_attempt?: number;
                        };
                        /** @enum {string} */
                        success_check?: "address_valid" | "payment_captured" | "scan_present" | "carrier_moving" | "stock_reallocated" | "system_recovered" | "none";
                    }[];
                };
                ADDRESS_INVALID?: {
                    steps: {
                        /** @enum {string} */
                        action: "address_validation_service" | "payment_retry" | "inventory_reallocation" | "scan_backfill" | "system_recovery" | "carrier_api_update" | "notify_customer";
                        /** @enum {string} */
                        mode: "auto" | "approval" | "never";
                        when?: {
                            min_order_value_cents?: number;
                            max_order_value_cents?: number;
                            service_levels?: ("standard" | "express" | "overnight")[];
                            carriers?: string[];
                            min_attempt?: number;
                            max_attempt?: number;
                        };
                        /** @enum {string} */
                        success_check?: "address_valid" | "payment_captured" | "scan_present" | "carrier_moving" | "stock_reallocated" | "system_recovered" | "none";
                    }[];
                };
                PAYMENT_FAILED?: {
                    steps: {
                        /** @enum {string} */
                        action: "address_validation_service" | "payment_retry" | "inventory_reallocation" | "scan_backfill" | "system_recovery" | "carrier_api_update" | "notify_customer";
                        /** @enum {string} */
                        mode: "auto" | "approval" | "never";
                        when?: {
                            min_order_value_cents?: number;
                            max_order_value_cents?: number;
                            service_levels?: ("standard" | "express" | "overnight")[];
                            carriers?: string[];
                            min_attempt?: number;
                            max_attempt?: number;
                        };
                        /** @enum {string} */
                        success_check?: "address_valid" | "payment_captured" | "scan_present" | "carrier_moving" | "stock_reallocated" | "system_recovered" | "none";
                    }[];
                };
                DAMAGED_PACKAGE?: {
                    steps: {
                        /** @enum {string} */
                        action: "address_validation_service" | "payment_retry" | "inventory_reallocation" | "scan_backfill" | "system_recovery" | "carrier_api_update" | "notify_customer";
                        /** @enum {string} */
                        mode: "auto" | "approval" | "never";
                        when?: {
                            min_order_value_cents?: number;
                            max_order_value_cents?: number;
                            service_levels?: ("standard" | "express" | "overnight")[];
                            carriers?: string[];
                            min_attempt?: number;
                            max_attempt?: number;
                        };
                        /** @enum {string} */
                        success_check?: "address_valid" | "payment_captured" | "scan_present" | "carrier_moving" | "stock_reallocated" | "system_recovered" | "none";
                    }[];
                };
                CUSTOMER_UNAVAILABLE?: {
                    steps: {
                        /** @enum {string} */
                        action: "address_validation_service" | "payment_retry" | "inventory_reallocation" | "scan_backfill" | "system_recovery" | "carrier_api_update" | "notify_customer";
                        /** @enum {string} */
                        mode: "auto" | "approval" | "never";
                        when?: {
                            min_order_value_cents?: number;
                            max_order_value_cents?: number;
                            service_levels?: ("standard" | "express" | "overnight")[];
                            carriers?: string[];
                            min_attempt?: number;
                            max_attempt?: number;
                        };
                        /** @enum {string} */
                        success_check?: "address_valid" | "payment_captured" | "scan_present" | "carrier_moving" | "stock_reallocated" | "system_recovered" | "none";
                    }[];
                };
                SYSTEM_ERROR?: {
                    steps: {
                        /** @enum {string} */
                        action: "address_validation_service" | "payment_retry" | "inventory_reallocation" | "scan_backfill" | "system_recovery" | "carrier_api_update" | "notify_customer";
                        /** @enum {string} */
                        mode: "auto" | "approval" | "never";
                        when?: {
                            min_order_value_cents?: number;
                            max_order_value_cents?: number;
                            service_levels?: ("standard" | "express" | "overnight")[];
                            carriers?: string[];
                            min_attempt?: number;
                            max_attempt?: number;
                        };
                        /** @enum {string} */
                        success_check?: "address_valid" | "payment_captured" | "scan_present" | "carrier_moving" | "stock_reallocated" | "system_recovered" | "none";
                    }[];
                };
                OTHER?: {
                    steps: {
                        /** @enum {string} */
                        action: "address_validation_service" | "payment_retry" | "inventory_reallocation" | "scan_backfill" | "system_recovery" | "carrier_api_update" | "notify_customer";
                        /** @enum {string} */
                        mode: "auto" | "approval" | "never";
                        when?: {
                            min_order_value_cents?: number;
                            max_order_value_cents?: number;
                            service_levels?: ("standard" | "express" | "overnight")[];
                            carriers?: string[];
                            min_attempt?: number;
                            max_attempt?: number;
                        };
                        /** @enum {string} */
                        success_check?: "address_valid" | "payment_captured" | "scan_present" | "carrier_moving" | "stock_reallocated" | "system_recovered" | "none";
                    }[];
                };
            };
        };
        TenantHolidays: {
            tenant: string;
            version: number | null;
            /** Format: date-time */
            effective_from: string | null;
            /** @description The holidays in effect now (local dates) */
            holidays: string[];
            history: components["schemas"]["HolidaysVersion"][];
        };
        HolidaysVersion: {
            version: number;
            /** Format: date-time */
            effective_from: string;
            /** @enum {string} */
            status: "superseded" | "current" | "scheduled";
            /** Format: date-time */
            created_at: string;
            created_by: string;
            holidays: string[];
        };
        NotificationEndpoint: {
            tenant: string;
            url: string;
            events: ("exception_created" | "exception_escalated" | "exception_resolved" | "exception_blocked" | "approval_needed" | "client_note")[];
            /** @enum {string} */
            min_severity: "LOW" | "MEDIUM" | "HIGH" | "CRITICAL";
            /** @enum {string} */
            format: "json" | "slack";
            /** @description The secret is write-only */
            has_secret: boolean;
            created_at: string;
            updated_at: string;
        } | null;
        NotificationEndpointBody: {
            /**
             * Format: uri
             * @description Receives a signed POST per event
             */
            url: string;
            /** @description HMAC-SHA256 key of X-E2A-Signature (write-only) */
            secret: string;
            events: ("exception_created" | "exception_escalated" | "exception_resolved" | "exception_blocked" | "approval_needed" | "client_note")[];
            /**
             * @description exception_created is sent only at or above this severity
             * @default LOW
             * @enum {string}
             */
            min_severity: "LOW" | "MEDIUM" | "HIGH" | "CRITICAL";
            /**
             * @description json: the event itself; slack: an incoming-webhook message
             * @default json
             * @enum {string}
             */
            format: "json" | "slack";
        };
        NotificationDeliveryPage: {
            items: components["schemas"]["NotificationDelivery"][];
            total: number;
            page: number;
            page_size: number;
            has_next: boolean;
        };
        NotificationDelivery: {
            /** @description The event id (X-E2A-Event-Id) */
            id: string;
            /** @enum {string} */
            event_type: "exception_created" | "exception_escalated" | "exception_resolved" | "exception_blocked" | "approval_needed" | "client_note";
            exception_id: string | null;
            /** @enum {string} */
            status: "PENDING" | "DELIVERED" | "FAILED" | "CANCELLED";
            attempts: number;
            last_status_code: number | null;
            last_error: string | null;
            url: string | null;
            payload: {
                [key: string]: unknown;
            };
            created_at: string;
            last_attempt_at: string | null;
            delivered_at: string | null;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
