import { registry } from "@web/core/registry";

// The service kanban tells breached and at-risk requests apart at a glance: the card's
// colour bar (red, orange) and a badge saying which.
registry.category("web_tour.tours").add("crm_smb_service_kanban_sla_tour", {
    steps: () => [
        {
            content: "A breached request has a red card and says so",
            trigger:
                ".o_kanban_record.o_kanban_color_1:contains('Tour: breached'):has(.o_field_badge .text-bg-danger:contains('Breached'))",
        },
        {
            content: "An at-risk request has an orange card and says so",
            trigger:
                ".o_kanban_record.o_kanban_color_2:contains('Tour: at risk'):has(.o_field_badge .text-bg-warning:contains('At Risk'))",
        },
        {
            content: "A request on track has neither",
            trigger:
                ".o_kanban_record:not(.o_kanban_color_1):not(.o_kanban_color_2):contains('Tour: on track'):not(:has(.o_field_widget[name=sla_state]))",
        },
    ],
});
