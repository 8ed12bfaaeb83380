{# payout_amount_mismatch: a bank line paired with a payout (by its id in the bank text, or as each
   other's only candidate within the bank window: int_payouts_matched) for another amount. #}
with matched as (

    select * from {{ ref('int_payouts_matched') }}

),

final as (

    select
        {{ finding_draft(
            exception_type="'payout_amount_mismatch'",
            natural_key='payout_id',
            transaction_id='payout_id',
            bank_txn_id='bank_txn_id',
            period_start='value_date',
            period_end='value_date',
            amount_at_risk='abs(bank_amount - payout_amount)',
            currency='currency',
            fx_date='arrival_date',
            details=dbt.concat([
                "'Payout '", 'payout_id', "' of '", money_text('payout_amount', 'currency'), "' '", 'currency',
                "' (arriving '", text('arrival_date'), "') was received as bank line '", 'bank_txn_id',
                "' of '", money_text('bank_amount', 'currency'), "' on '", text('value_date'),
                "' (the bank text names its '", "replace(evidence, '_', ' ')", "').'"
            ]),
        ) }}
    from matched
    where not is_amount_match

)

select * from final
