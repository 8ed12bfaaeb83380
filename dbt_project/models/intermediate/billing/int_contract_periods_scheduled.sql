{# One row per contract billing period that the contract entitles us to bill: the periods of its
   term (the last one cut at end_date), and for an auto-renew contract past its end, with no
   renewal contract and not cancelled, the periods of the tacit renewal on the same terms up to
   as_of. A cancelled contract's end_date is where billing stops: its term is expected up to
   there, and it never renews tacitly. #}

with contracts as (

    select * from {{ ref('stg_crm__contracts') }}

),

period_numbers as (

    {{ integer_spine(3) }}

),

renewed_contract_ids as (

    select distinct renewed_from as contract_id
    from contracts
    where renewed_from is not null

),

contract_terms as (

    select
        contracts.contract_id,
        contracts.account_id,
        contracts.currency,
        contracts.billing_frequency,
        {{ months_per_period('contracts.billing_frequency') }} as months_per_period,
        contracts.start_date,
        contracts.end_date,
        (contracts.contract_type = 'renewal' or contracts.renewed_from is not null) as is_renewal_contract,
        (
            coalesce(contracts.auto_renew, false)
            and contracts.status <> 'cancelled'
            and contracts.end_date < {{ as_of_date() }}
            and renewed_contract_ids.contract_id is null
        ) as is_auto_renewing
    from contracts
    left join renewed_contract_ids
        on contracts.contract_id = renewed_contract_ids.contract_id

),

term_periods as (

    select
        contract_terms.*,
        period_numbers.n as period_index,
        false as is_tacit_renewal,
        {{ add_months('contract_terms.start_date', 'period_numbers.n * contract_terms.months_per_period') }} as period_start,
        {{ add_days(add_months('contract_terms.start_date', '(period_numbers.n + 1) * contract_terms.months_per_period'), -1) }} as full_period_end
    from contract_terms
    inner join period_numbers
        on {{ add_months('contract_terms.start_date', 'period_numbers.n * contract_terms.months_per_period') }} <= contract_terms.end_date

),

tacit_renewal_periods as (

    select
        contract_terms.*,
        period_numbers.n as period_index,
        true as is_tacit_renewal,
        {{ add_months(add_days('contract_terms.end_date', 1), 'period_numbers.n * contract_terms.months_per_period') }} as period_start,
        {{ add_days(add_months(add_days('contract_terms.end_date', 1), '(period_numbers.n + 1) * contract_terms.months_per_period'), -1) }} as full_period_end
    from contract_terms
    inner join period_numbers
        on {{ add_months(add_days('contract_terms.end_date', 1), 'period_numbers.n * contract_terms.months_per_period') }} <= {{ as_of_date() }}
    where contract_terms.is_auto_renewing

),

all_periods as (

    select * from term_periods
    union all
    select * from tacit_renewal_periods

),

final as (

    select
        contract_id,
        account_id,
        currency,
        billing_frequency,
        months_per_period,
        period_index,
        period_start,
        case
            when not is_tacit_renewal and full_period_end > end_date then end_date
            else full_period_end
        end as period_end,
        {{ days_inclusive('period_start', 'full_period_end') }} as days_in_full_period,
        {{ days_inclusive('period_start', 'case when not is_tacit_renewal and full_period_end > end_date then end_date else full_period_end end') }} as days_in_period,
        (not is_tacit_renewal and full_period_end > end_date) as is_partial,
        is_tacit_renewal,
        (period_index = 0 and (is_renewal_contract or is_tacit_renewal)) as is_renewal_first_period
    from all_periods

)

select * from final
