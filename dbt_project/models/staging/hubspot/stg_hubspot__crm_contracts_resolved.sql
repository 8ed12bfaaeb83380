{# Closed-won deals as crm.contracts, each with the reason it cannot be mapped (empty when it can:
   macros/crm_adapters.sql). Closed won: the deal's pipeline stage has closed_won
   (deal_pipeline_stage), else hs_is_closed_won, else the default pipeline's stage id closedwon.
   The account is the deal's company (deal_company, primary first). contract_type from dealtype:
   newbusiness -> new; existingbusiness -> renewal when renewed_from is set, else expansion;
   renewal -> renewal. The term: the custom date properties, else the lines' earliest
   hs_recurring_billing_start_date (else the close date) and their longest term (hs_term_in_months
   or hs_recurring_billing_period) less a day, else crm_term_months. Billing frequency: the custom
   property, else the one recurringbillingfrequency all the recurring lines agree on (none
   unknown to the contract). Currency:
   deal_currency_code, else the reporting currency. signed_at: the close date. #}
with deals as (

    select deals.*
    from {{ ref('stg_hubspot__deal') }} as deals
    left join {{ ref('stg_hubspot__deal_pipeline_stage') }} as stages
        on deals.stage_id = stages.stage_id
    where coalesce(stages.is_closed_won, deals.is_closed_won, deals.stage_id = 'closedwon', false)

),

lines as (

    select
        deal_id,
        min(billing_start_date) as start_date,
        max(term_months) as term_months,
        case when count(distinct {{ crm_billing_frequency('recurring_billing_frequency') }}) = 1
                  and count(recurring_billing_frequency) = count({{ crm_billing_frequency('recurring_billing_frequency') }})
             then max({{ crm_billing_frequency('recurring_billing_frequency') }}) end as billing_frequency
    from {{ ref('stg_hubspot__line_item') }}
    group by deal_id

),

candidates as (

    select
        deals.deal_id as contract_id,
        companies.company_id as account_id,
        case {{ alphanumeric_upper('deals.deal_type') }}
            when 'NEWBUSINESS' then 'new'
            when 'EXISTINGBUSINESS' then case when deals.field_renewed_from is not null then 'renewal' else 'expansion' end
            when 'RENEWAL' then 'renewal'
            else case when deals.field_renewed_from is not null then 'renewal' end
        end as contract_type,
        deals.field_renewed_from as renewed_from,
        coalesce(deals.currency, '{{ var("reporting_currency") }}') as currency,
        {{ to_timestamp('deals.close_date') }} as signed_at,
        {{ crm_deal_field_columns(relation='deals') }}
        lines.billing_frequency as fallback_billing_frequency,
        coalesce(lines.start_date, deals.close_date) as fallback_start_date,
        cast(null as date) as fallback_end_date,
        lines.term_months,
        deals._source_file,
        deals._line_number
    from deals
    left join {{ ref('stg_hubspot__deal_company') }} as companies
        on deals.deal_id = companies.deal_id
    left join lines
        on deals.deal_id = lines.deal_id

),

final as (

    {{ crm_contracts_resolved('candidates') }}

)

select * from final
