{# contract_not_in_billing: an active contract that no billing subscription points to
   (crm_contract_id). At risk: what its first billing period should bill. #}

with contracts as (

    select * from {{ ref('stg_crm__contracts') }}
    where status = 'active'

),

subscriptions as (

    select distinct crm_contract_id from {{ ref('stg_billing__subscriptions') }}
    where crm_contract_id is not null

),

charges as (

    select contract_id, period_start, expected_amount
    from {{ ref('int_contract_charges_expected') }}

),

first_period_charges as (

    select contracts.contract_id, sum(charges.expected_amount) as expected_amount
    from contracts
    inner join charges
        on contracts.contract_id = charges.contract_id
        and contracts.start_date = charges.period_start
    group by contracts.contract_id

),

final as (

    select
        {{ finding_draft(
            exception_type="'contract_not_in_billing'",
            natural_key='contracts.contract_id',
            account_id='contracts.account_id',
            contract_id='contracts.contract_id',
            period_start='contracts.start_date',
            period_end='contracts.end_date',
            amount_at_risk='coalesce(first_period_charges.expected_amount, 0)',
            currency='contracts.currency',
            fx_date='contracts.start_date',
            details=dbt.concat([
                "'Active '", "coalesce(contracts.contract_type, '')", "' contract '", 'contracts.contract_id',
                "' ('", period_text('contracts.start_date', 'contracts.end_date'), "', '", 'contracts.billing_frequency',
                "') has no billing subscription; its first period should bill '",
                money_text('coalesce(first_period_charges.expected_amount, 0)', 'contracts.currency'), "' '", 'contracts.currency', "'.'"
            ]),
        ) }}
    from contracts
    left join subscriptions
        on contracts.contract_id = subscriptions.crm_contract_id
    left join first_period_charges
        on contracts.contract_id = first_period_charges.contract_id
    where subscriptions.crm_contract_id is null

)

select * from final
