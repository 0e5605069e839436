"""Evaluation and agreement metrics. Pure (no Textual).

Entry points:

- evaluation (docs/evaluate.md): ``gold.load_gold``, ``predictions.load_predictions``,
  ``corpus.evaluate_corpus``; in memory, ``evaluation.evaluate_spans`` over ``DocumentInput``;
- agreement (docs/agreement.md): ``agreement.project_agreement`` and
  ``agreement.document_agreement`` (the adjudication screen's figures);
- statistics on their own: ``kappa`` (Cohen, Fleiss, Krippendorff), ``span_agreement``.
"""
