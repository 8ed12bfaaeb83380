{# Applications of coupons: `type`/`type_id` name the object discounted; `amount` (minor units of
   that object's currency) is what the application took off. A row with an invoice item (or, for
   subscription lines, the line's own id) discounts that line; one with only an invoice, the
   invoice as a whole. #}
with current_rows as (

    {{ connector_current_rows(source('stripe', 'discount'), key=['id', 'type', 'type_id']) }}

),

final as (

    select
        id as discount_id,
        lower(type) as discounted_type,
        type_id as discounted_id,
        coupon_id,
        customer_id,
        invoice_id,
        invoice_item_id,
        subscription_id,
        promotion_code,
        {{ minor_units_decimal('amount') }} as amount_minor,
        {{ to_timestamp(adapter.quote('start')) }} as start_at,
        {{ to_timestamp(adapter.quote('end')) }} as end_at,
        _source_file,
        _line_number
    from current_rows

)

select * from final
