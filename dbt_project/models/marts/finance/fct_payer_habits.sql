{# What the matcher learned of each customer, and what analysts took back: the one interface the
   dashboard's "What the matcher learned" section reads. #}
with learned as (

    select * from {{ ref('int_payer_habits_learned') }}

),

final as (

    select
        customer_id,
        habit,
        value,
        currency,
        support,
        first_learned_on,
        last_learned_on,
        is_unlearned,
        unlearned_on
    from learned

)

select * from final
