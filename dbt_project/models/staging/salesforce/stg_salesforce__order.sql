{# Orders (Salesforce's Order). StatusCode is the system category of the org's own Status picklist
   (OrderStatus.StatusCode: Draft or Activated); Status is read only when StatusCode is not synced. #}
with current_rows as (

    {{ connector_current_rows(source('salesforce', 'order'), soft_delete=true) }}

),

final as (

    select
        id as order_id,
        account_id,
        opportunity_id,
        contract_id,
        type as order_type,
        status,
        upper(trim(coalesce(nullif(trim(status_code), ''), status))) = 'ACTIVATED' as is_activated,
        currency_iso_code,
        sbqq_payment_term_c as cpq_payment_term,
        cast({{ to_timestamp('effective_date') }} as date) as effective_date,
        cast({{ to_timestamp('end_date') }} as date) as end_date,
        {{ to_timestamp('activated_date') }} as activated_at,
        {{ to_boolean('is_reduction_order') }} as is_reduction_order,
        _source_file,
        _line_number
    from current_rows

)

select * from final
