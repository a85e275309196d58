"""A team's satisfaction now comes from rating.parent.mixin: the ratings given before name their
request's team as their parent."""


def migrate(cr, version):
    cr.execute(
        """
        UPDATE rating_rating r
           SET parent_res_model_id = m.id, parent_res_model = m.model, parent_res_id = req.team_id
          FROM crm_smb_service_request req, ir_model m
         WHERE r.res_model = 'crm.smb.service.request' AND r.res_id = req.id AND req.team_id IS NOT NULL
           AND m.model = 'crm.smb.service.team' AND r.parent_res_model_id IS NULL
        """
    )
