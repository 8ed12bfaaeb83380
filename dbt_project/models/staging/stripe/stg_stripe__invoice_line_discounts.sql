{# What each Stripe line is discounted by, in minor units: its own discounts (rows of `discount`
   naming the line by its invoice item, or a subscription line by its own id) and its share of the
   invoice-level ones (a row with the invoice and no line), spread as Stripe spreads an invoice's
   coupon into its lines' discount_amounts: over the discountable lines (`discountable` true or
   empty, and above zero after their own discounts, which Stripe applies first), pro rata to that
   amount, each share rounded down to a whole minor unit, the remainder to the largest line (ties:
   the lowest line id), so the shares add up to the discount exactly. An invoice-level discount on
   an invoice with no discountable line stays on the invoice: one row without a line.
   One row per (invoice, line) with a discount; rows without a line per invoice. #}
with lines as (

    select * from {{ ref('stg_stripe__invoice_line_item') }}

),

discounts as (

    select * from {{ ref('stg_stripe__discount') }}

),

line_keys as (

    {{ stripe_line_keys('lines', 'invoice_item_id') }}

),

own_discounts as (

    select
        line_keys.invoice_line_item_id,
        line_keys.invoice_id,
        sum(discounts.amount_minor) as discount_minor
    from line_keys
    inner join discounts
        on discounts.invoice_item_id = line_keys.line_key
        and coalesce(discounts.invoice_id, line_keys.invoice_id) = line_keys.invoice_id
    group by line_keys.invoice_line_item_id, line_keys.invoice_id

),

invoice_discounts as (

    select invoice_id, sum(amount_minor) as discount_minor
    from discounts
    where invoice_id is not null and invoice_item_id is null
    group by invoice_id

),

discountable as (

    select
        lines.invoice_line_item_id,
        lines.invoice_id,
        invoice_discounts.discount_minor as invoice_discount_minor,
        lines.amount_minor - coalesce(own_discounts.discount_minor, 0) as base_minor
    from lines
    inner join invoice_discounts
        on lines.invoice_id = invoice_discounts.invoice_id
    left join own_discounts
        on lines.invoice_line_item_id = own_discounts.invoice_line_item_id
        and lines.invoice_id = own_discounts.invoice_id
    where coalesce(lines.is_discountable, true)
        and lines.amount_minor - coalesce(own_discounts.discount_minor, 0) > 0

),

bases as (

    select
        discountable.*,
        sum(base_minor) over (partition by invoice_id) as invoice_base_minor,
        row_number() over (partition by invoice_id order by base_minor desc, invoice_line_item_id) as size_rank
    from discountable

),

shares as (

    select
        bases.*,
        cast({{ floor_share('invoice_discount_minor', 'base_minor', 'invoice_base_minor') }} as decimal(38, 12))
            as share_minor
    from bases

),

spread as (

    select
        invoice_line_item_id,
        invoice_id,
        share_minor + case when size_rank = 1
            then invoice_discount_minor - sum(share_minor) over (partition by invoice_id) else 0 end
            as invoice_discount_minor
    from shares

),

unspread as (

    select invoice_discounts.invoice_id, invoice_discounts.discount_minor
    from invoice_discounts
    left join (select distinct invoice_id from spread) as spread_invoices
        on invoice_discounts.invoice_id = spread_invoices.invoice_id
    where spread_invoices.invoice_id is null

),

final as (

    select
        coalesce(own_discounts.invoice_id, spread.invoice_id) as invoice_id,
        coalesce(own_discounts.invoice_line_item_id, spread.invoice_line_item_id) as invoice_line_item_id,
        own_discounts.discount_minor as line_discount_minor,
        spread.invoice_discount_minor
    from own_discounts
    full outer join spread
        on own_discounts.invoice_line_item_id = spread.invoice_line_item_id
        and own_discounts.invoice_id = spread.invoice_id
    union all
    select invoice_id, cast(null as {{ dbt.type_string() }}), cast(null as decimal(38, 12)), discount_minor
    from unspread

)

select * from final
