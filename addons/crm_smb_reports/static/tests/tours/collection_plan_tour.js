import { registry } from "@web/core/registry";

// A salesperson plans the collections of a confirmed order from its payment terms...
registry.category("web_tour.tours").add("crm_smb_collection_plan_tour", {
    steps: () => [
        {
            content: "Open the order's Collection Plan tab",
            trigger: ".o_notebook .nav-link[name=crm_smb_collection_plan]",
            run: "click",
        },
        {
            content: "Plan from the payment terms",
            trigger: "button[name=action_crm_smb_plan_collections]",
            run: "click",
        },
        {
            content: "Two instalments: 30 % now, the balance in 30 days",
            trigger:
                ".o_field_widget[name=crm_smb_collection_plan_ids] .o_data_row:nth-child(2):contains('7,000.00')",
        },
    ],
});

// ...and finds them among the collections to make.
registry.category("web_tour.tours").add("crm_smb_to_collect_tour", {
    steps: () => [
        {
            content: "The order's first instalment is listed To Collect",
            trigger: ".o_list_view .o_data_row:contains('Tour Plan Customer'):contains('3,000.00')",
        },
        {
            content: "Open it",
            trigger: ".o_list_view .o_data_row:contains('Tour Plan Customer'):contains('3,000.00') td[name=partner_id]",
            run: "click",
        },
        {
            content: "Its form shows the order and what is outstanding",
            trigger: ".o_form_view .o_field_widget[name=amount_outstanding]:contains('3,000.00')",
        },
        {
            content: "Back to the list",
            trigger: ".o_breadcrumb .o_back_button, .o_breadcrumb a:first",
            run: "click",
        },
        {
            content: "The board of instalments by status",
            trigger: ".o_switch_view.o_kanban",
            run: "click",
        },
        {
            content: "The instalment's card",
            trigger: ".o_kanban_view .o_kanban_record:contains('Tour Plan Customer')",
        },
        {
            content: "The calendar of planned dates",
            trigger: ".o_switch_view.o_calendar",
            run: "click",
        },
        {
            content: "The instalment on its date",
            trigger: ".o_calendar_view .fc-event:contains('Instalment 1')",
        },
    ],
});
