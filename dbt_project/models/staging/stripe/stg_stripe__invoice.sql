{# Invoices with amounts converted from minor units. `issued_at` falls back in this order: created,
   finalized (status_transitions_finalized_at, then the older finalized_at), the end of the billing
   cycle (period_end); ingestion requires at least one of these columns. `period_start`/`period_end`
   are Stripe's billing-cycle window, kept as they are: the service period comes from the lines. #}
with current_rows as (

    {{ connector_current_rows(source('stripe', 'invoice'), soft_delete=true, livemode=true) }}

),

final as (

    select
        id as invoice_id,
        number as invoice_number,
        customer_id,
        subscription_id,
        charge_id,
        lower(status) as status,
        currency,
        lower(coalesce(collection_method, billing)) as collection_method,
        billing_reason,
        description,
        metadata,
        {{ to_timestamp('coalesce(created, status_transitions_finalized_at, finalized_at, period_end)') }}
            as issued_at,
        {{ to_timestamp('created') }} as created_at,
        {{ to_timestamp('coalesce(status_transitions_finalized_at, finalized_at)') }} as finalized_at,
        {{ to_timestamp('status_transitions_paid_at') }} as paid_at,
        {{ to_timestamp('status_transitions_voided_at') }} as voided_at,
        {{ to_timestamp('status_transitions_marked_uncollectible_at') }} as marked_uncollectible_at,
        {{ to_timestamp('period_start') }} as billing_cycle_start_at,
        {{ to_timestamp('period_end') }} as billing_cycle_end_at,
        {{ to_timestamp('due_date') }} as due_at,
        {{ stripe_amount('subtotal', 'currency') }} as subtotal,
        {{ stripe_amount('tax', 'currency') }} as tax,
        {{ stripe_amount('total', 'currency') }} as total,
        {{ stripe_amount('amount_due', 'currency') }} as amount_due,
        {{ stripe_amount('amount_paid', 'currency') }} as amount_paid,
        {{ stripe_amount('amount_remaining', 'currency') }} as amount_remaining,
        cast(attempt_count as {{ dbt.type_int() }}) as attempt_count,
        {{ to_boolean('paid') }} as is_paid,
        _source_file,
        _line_number
    from current_rows

)

select * from final
