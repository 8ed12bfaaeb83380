{# Each customer's learned habits, the matcher's evidence: payer names (aliases), reference tokens,
   short-pay amounts and payment lag, with support and whether an analyst unlearned them
   (`billops match unlearn`). The rules are the learn_payer_habits macro (macros/payer_habits.sql);
   min_support and min_lag_payments are dbt vars (defaults 2 and 3). #}
with observations as (

    select * from {{ ref('int_payer_habits_observed') }}

),

decisions as (

    select * from {{ ref('stg_history__decisions') }}

),

unlearns as (

    select
        customer_id,
        nullif(habit, '') as habit,
        nullif(value, '') as value,
        cast(decided_at as date) as unlearned_on
    from decisions
    where decision = 'unlearn' and nullif(customer_id, '') is not null

),

{{ learn_payer_habits('observations', 'unlearns', var('habit_min_support', 2), var('habit_min_lag_payments', 3)) }},

final as (

    select * from habits_learned

)

select * from final
