{# EU member states (ISO 3166-1 alpha-2; Greece as GR): where a business customer with a VAT
   number, outside the seller's country, is invoiced without VAT under the reverse charge. #}
{% macro eu_countries() -%}
    ('AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV',
     'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE')
{%- endmacro %}
