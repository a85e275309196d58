import { download } from "@web/core/network/download";
import { registry } from "@web/core/registry";

/**
 * Download the workbook of an analysis or a list (action_export_xlsx): the selected ids, or the
 * list's domain, are posted with the CSRF token, so that any number of them fits in the request.
 */
async function xlsxDownload(env, action) {
    const { model, ids, domain } = action.params;
    await download({
        url: `/crm_smb/xlsx/${model}`,
        data: { ids: ids.join(","), domain: JSON.stringify(domain) },
    });
}

registry.category("actions").add("crm_smb_followup.xlsx_download", xlsxDownload);
