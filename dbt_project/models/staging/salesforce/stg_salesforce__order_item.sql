{# Order products (Salesforce's OrderItem), with Salesforce CPQ's charge type, billing frequency
   and subscription term (SBQQ__ChargeType__c, SBQQ__BillingFrequency__c, SBQQ__SubscriptionTerm__c). #}
with current_rows as (

    {{ connector_current_rows(source('salesforce', 'order_item'), soft_delete=true) }}

),

final as (

    select
        id as order_item_id,
        order_id,
        product_2_id,
        {{ quantity('quantity') }} as quantity,
        {{ unit_price('unit_price') }} as unit_price,
        cast({{ to_timestamp('service_date') }} as date) as service_date,
        sbqq_charge_type_c as cpq_charge_type,
        {{ crm_billing_frequency('sbqq_billing_frequency_c') }} as cpq_billing_frequency,
        {# a number field: 12 or 12.0 #}
        cast({{ try_cast_text('sbqq_subscription_term_c', 'decimal(9, 2)') }} as {{ dbt.type_int() }})
            as cpq_subscription_term_months,
        {{ crm_field('salesforce', 'charge_type') }} as field_charge_type,
        _source_file,
        _line_number
    from current_rows

)

select * from final
