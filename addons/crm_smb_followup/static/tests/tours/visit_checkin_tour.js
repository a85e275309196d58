import { registry } from "@web/core/registry";

// On a 390 px phone, a salesperson checks in a visit: the phone's position (mocked here: the
// browser's Geolocation API answers a point 50 m from the customer) is recorded with the
// distance to the customer's address.
registry.category("web_tour.tours").add("crm_smb_visit_checkin_tour", {
    steps: () => [
        {
            content: "The visit is open; the phone gives a position near the customer",
            trigger: ".o_form_view .o_crm_smb_checkin:visible",
            run() {
                Object.defineProperty(navigator, "geolocation", {
                    configurable: true,
                    value: {
                        getCurrentPosition(success) {
                            success({
                                coords: { latitude: 30.2596, longitude: 120.1305, accuracy: 12 },
                                timestamp: Date.now(),
                            });
                        },
                    },
                });
            },
        },
        {
            content: "Check in",
            trigger: ".o_form_view .o_crm_smb_checkin:visible",
            run: "click",
        },
        {
            content: "The app says how far from the customer",
            trigger: ".o_notification:contains('m from the customer')",
        },
        {
            content: "The check-in is on the visit, with its distance",
            trigger: ".o_form_view .o_field_widget[name=checkin_distance]:visible",
        },
        {
            content: "Not far from the customer",
            trigger: ".o_form_view:not(:has(.badge:contains('Far from the customer'):visible))",
        },
    ],
});
