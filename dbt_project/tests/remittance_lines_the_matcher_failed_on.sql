{{ config(severity='warn') }}
{# Bank lines the matcher failed on (a bug its data met): each is left unmatched with the error in
   its detail and the rest of the landing is matched; this warns so that someone reports it. #}
select bank_txn_id, detail
from {{ ref('int_remittances_matched') }}
where status = 'unmatched'
    and detail like 'not matched: the matcher failed on this line%'
