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
   single-currency org). signed_at: the close date.
   With activated orders (stg_salesforce__crm_order_lines): an opportunity billed from its orders
   takes the one CPQ frequency its orders' items agree on (the item's, else its product's), and
   its earliest order's EffectiveDate as the start when no field or Contract gives one; an order
   with no opportunity is a contract keyed by the order id: its account, type (New, Renewal,
   Amendment: CPQ gives an order its quote's type), EffectiveDate, EndDate (else its Contract's,
   else start + its items' longest CPQ subscription term, else the Contract's term, else
   crm_term_months), currency (else the account's), CPQ payment term (SBQQ__PaymentTerm__c), the
   frequency its items agree on; signed when activated. #}
with opportunities as (

    select * from {{ ref('stg_salesforce__opportunity') }}
    where coalesce(is_won, stage_name = 'Closed Won', false)

),

order_lines as (

    select * from {{ ref('stg_salesforce__crm_order_lines') }}
    where _order_reject_reason is null

),

orders as (

    select
        orders.*,
        order_terms.term_months
    from {{ ref('stg_salesforce__order') }} as orders
    inner join (
        select order_id, max(cpq_subscription_term_months) as term_months from order_lines group by order_id
    ) as order_terms
        on orders.order_id = order_terms.order_id

),

line_frequencies as (

    select
        contract_id,
        case when count(distinct billing_frequency) = 1 then max(billing_frequency) end as billing_frequency
    from (
        select lines.opportunity_id as contract_id, products.cpq_billing_frequency as billing_frequency
        from {{ ref('stg_salesforce__opportunity_line_item') }} as lines
        inner join {{ ref('stg_salesforce__product_2') }} as products
            on lines.product_2_id = products.product_2_id
        where lines.opportunity_id not in (select opportunity_id from orders where opportunity_id is not null)
        union all
        select contract_id, billing_frequency from order_lines
    ) as lines
    group by contract_id

),

order_starts as (

    select opportunity_id, min(effective_date) as start_date from orders
    where opportunity_id is not null
    group by opportunity_id

),

{# The deals: won opportunities, and activated orders with no opportunity; what their Contract
   record (ContractId) and account give is joined once, below. #}
deals as (

    select
        opportunities.opportunity_id as contract_id,
        opportunities.account_id,
        opportunities.contract_id as salesforce_contract_id,
        case {{ alphanumeric_upper('opportunities.opportunity_type') }}
            when 'NEWCUSTOMER' then 'new' when 'NEWBUSINESS' then 'new' when 'NEW' then 'new'
            when 'EXISTINGCUSTOMERUPGRADE' then 'expansion' when 'EXPANSION' then 'expansion'
            when 'UPSELL' then 'expansion'
            when 'EXISTINGCUSTOMERREPLACEMENT' then 'renewal' when 'EXISTINGCUSTOMERDOWNGRADE' then 'renewal'
            when 'RENEWAL' then 'renewal'
            else case when opportunities.field_renewed_from is not null then 'renewal' end
        end as contract_type,
        opportunities.field_renewed_from as renewed_from,
        opportunities.currency_iso_code,
        {{ to_timestamp('opportunities.close_date') }} as signed_at,
        {{ crm_deal_field_columns(relation='opportunities') }}
        cast(null as date) as own_start_date,
        coalesce(order_starts.start_date, opportunities.close_date) as last_start_date,
        cast(null as date) as own_end_date,
        cast(null as {{ dbt.type_int() }}) as own_term_months,
        opportunities._source_file,
        opportunities._line_number
    from opportunities
    left join order_starts
        on opportunities.opportunity_id = order_starts.opportunity_id

    union all

    select
        order_id as contract_id,
        account_id,
        contract_id as salesforce_contract_id,
        case {{ alphanumeric_upper('order_type') }}
            when 'NEW' then 'new' when 'RENEWAL' then 'renewal' when 'AMENDMENT' then 'expansion'
        end as contract_type,
        cast(null as {{ dbt.type_string() }}) as renewed_from,
        currency_iso_code,
        coalesce(activated_at, {{ to_timestamp('effective_date') }}) as signed_at,
        {%- for name in crm_deal_fields() %}
        {% if name == 'payment_terms_days' %}cpq_payment_term{% else %}cast(null as {{ dbt.type_string() }}){% endif %} as field_{{ name }},
        {%- endfor %}
        effective_date as own_start_date,
        cast(null as date) as last_start_date,
        end_date as own_end_date,
        term_months as own_term_months,
        _source_file,
        _line_number
    from orders
    where opportunity_id is null

),

candidates as (

    select
        deals.contract_id,
        deals.account_id,
        deals.contract_type,
        deals.renewed_from,
        coalesce(deals.currency_iso_code, accounts.currency_iso_code, '{{ var("reporting_currency") }}') as currency,
        deals.signed_at,
        {{ crm_deal_field_columns(relation='deals') }}
        line_frequencies.billing_frequency as fallback_billing_frequency,
        coalesce(deals.own_start_date, contracts.start_date, deals.last_start_date) as fallback_start_date,
        coalesce(deals.own_end_date, contracts.end_date) as fallback_end_date,
        coalesce(deals.own_term_months, contracts.contract_term_months) as term_months,
        deals._source_file,
        deals._line_number
    from deals
    left join {{ ref('stg_salesforce__account') }} as accounts
        on deals.account_id = accounts.account_id
    left join {{ ref('stg_salesforce__contract') }} as contracts
        on deals.salesforce_contract_id = contracts.contract_id
    left join line_frequencies
        on deals.contract_id = line_frequencies.contract_id

),

final as (

    {{ crm_contracts_resolved('candidates') }}

)

select * from final
