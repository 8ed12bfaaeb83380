{# Won opportunities as crm.contracts, each with the reason it cannot be mapped (empty when it
   can: macros/crm_adapters.sql). A contract is an opportunity with IsWon (a Closed Won stage).
   contract_type from Opportunity.Type's standard values: New Customer -> new; Existing Customer -
   Upgrade -> expansion; Existing Customer - Replacement and - Downgrade -> renewal (a new term
   replacing the running one); also New Business, Renewal, Expansion, Upsell; any other value with
   renewed_from set -> renewal, else empty. The term: the opportunity's Contract (ContractId:
   StartDate, EndDate, which Salesforce makes inclusive), else the custom date fields, else the
   close date plus crm_term_months. Billing frequency: the custom field, else the one Salesforce
   CPQ frequency (SBQQ__BillingFrequency__c) all the lines' products agree on. Currency:
   CurrencyIsoCode (multi-currency orgs), else the account's, else the reporting currency (a
   single-currency org). signed_at: the close date. #}
with opportunities as (

    select * from {{ ref('stg_salesforce__opportunity') }}
    where coalesce(is_won, stage_name = 'Closed Won', false)

),

line_frequencies as (

    select
        lines.opportunity_id,
        case when count(distinct products.cpq_billing_frequency) = 1
             then max(products.cpq_billing_frequency) end as billing_frequency
    from {{ ref('stg_salesforce__opportunity_line_item') }} as lines
    inner join {{ ref('stg_salesforce__product_2') }} as products
        on lines.product_2_id = products.product_2_id
    group by lines.opportunity_id

),

candidates as (

    select
        opportunities.opportunity_id as contract_id,
        opportunities.account_id,
        case {{ alphanumeric_upper('opportunities.opportunity_type') }}
            when 'NEWCUSTOMER' then 'new' when 'NEWBUSINESS' then 'new' when 'NEW' then 'new'
            when 'EXISTINGCUSTOMERUPGRADE' then 'expansion' when 'EXPANSION' then 'expansion'
            when 'UPSELL' then 'expansion'
            when 'EXISTINGCUSTOMERREPLACEMENT' then 'renewal' when 'EXISTINGCUSTOMERDOWNGRADE' then 'renewal'
            when 'RENEWAL' then 'renewal'
            else case when opportunities.field_renewed_from is not null then 'renewal' end
        end as contract_type,
        opportunities.field_renewed_from as renewed_from,
        coalesce(opportunities.currency_iso_code, accounts.currency_iso_code, '{{ var("reporting_currency") }}')
            as currency,
        {{ to_timestamp('opportunities.close_date') }} as signed_at,
        {{ crm_deal_field_columns(relation='opportunities') }}
        line_frequencies.billing_frequency as fallback_billing_frequency,
        coalesce(contracts.start_date, opportunities.close_date) as fallback_start_date,
        contracts.end_date as fallback_end_date,
        contracts.contract_term_months as term_months,
        opportunities._source_file,
        opportunities._line_number
    from opportunities
    left join {{ ref('stg_salesforce__account') }} as accounts
        on opportunities.account_id = accounts.account_id
    left join {{ ref('stg_salesforce__contract') }} as contracts
        on opportunities.contract_id = contracts.contract_id
    left join line_frequencies
        on opportunities.opportunity_id = line_frequencies.opportunity_id

),

final as (

    {{ crm_contracts_resolved('candidates') }}

)

select * from final
