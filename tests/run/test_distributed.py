"""Extraction on a Dask LocalCluster bound to 127.0.0.1: the same claims as in process, in input
order, errors per article, and a cluster address as the CLI passes it."""
from __future__ import annotations

import pytest

pytest.importorskip("distributed")

import dask.bag as db  # noqa: E402
from distributed import Client  # noqa: E402

from attribution.run.distributed import (DaskUnavailableError, dask_producer, extract_bag, extract_dask,  # noqa: E402
                                     local_cluster)
from attribution.run.build import extract_text  # noqa: E402
from attribution.run.inputs import Article, InputError  # noqa: E402

pytestmark = pytest.mark.timeout(180)

MODEL_NAME = "bundled:ar_attr"


def seed_pieces(seed_text: str, per: int = 5) -> list[str]:
    paragraphs = [p for p in seed_text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return ["\n\n".join(paragraphs[i:i + per]) for i in range(0, len(paragraphs), per)]


@pytest.fixture(scope="module")
def cluster():
    # processes=False: the worker runs in this process and shares the test's loaded pipeline,
    # so the module costs one model load; threads=None below leaves torch's threads alone here
    with local_cluster(n_workers=1, threads_per_worker=1, processes=False) as cluster:
        yield cluster


@pytest.fixture(scope="module")
def client(cluster):
    with Client(cluster, timeout=30) as client:
        yield client


def dump(doc):
    return doc.model_dump(mode="json")


def test_cluster_listens_on_loopback_only(cluster):
    assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")


def test_dask_gives_the_in_process_claims_in_input_order(client, nlp, seed_text):
    texts = seed_pieces(seed_text)
    items: list = [Article(name=f"d{k}.txt", stem=f"d{k}", text=t) for k, t in enumerate(texts)]
    items.insert(2, InputError("gone.txt: no such file"))
    results = list(extract_dask(iter(items), client, batch_size=6, window=2, threads=None, timeout=120))
    assert [r.index for r in results] == list(range(len(items)))
    assert results[2].error == "gone.txt: no such file"
    for item, result in zip(items, results):
        if isinstance(item, Article):
            assert result.ok, result.error
            assert dump(result.document) == dump(extract_text(item.text, nlp, MODEL_NAME, name=item.name))


def test_scheduler_address_as_the_cli_passes_it(cluster, nlp, seed_text):
    text = seed_pieces(seed_text)[0]
    results = list(extract_dask([("one.txt", text)], cluster.scheduler_address, threads=None, timeout=120))
    assert len(results) == 1 and results[0].ok
    assert dump(results[0].document) == dump(extract_text(text, nlp, MODEL_NAME, name="one.txt"))


def test_bag_of_documents(client, nlp, seed_text):
    texts = seed_pieces(seed_text)[:3]
    bag = db.from_sequence([{"id": f"b{k}", "text": t} for k, t in enumerate(texts)], npartitions=2)
    results = extract_bag(bag, batch_size=8, threads=None).compute(timeout=120)
    assert [r.name for r in results] == ["b0", "b1", "b2"]
    for text, result in zip(texts, results):
        assert dump(result.document) == dump(extract_text(text, nlp, MODEL_NAME, name=result.name))
    records = extract_bag(bag, batch_size=8, threads=None).map(lambda r: r.to_record()).compute(timeout=120)
    assert records[0]["input"]["name"] == "b0" and records[0]["claims"]


def test_a_model_the_workers_lack_is_an_error_per_article_not_a_hang(client, tmp_path):
    results = list(extract_dask(["نص", "نص آخر"], client, model=str(tmp_path / "nowhere"), threads=None,
                                timeout=60, register_plugin=False))
    assert [r.index for r in results] == [0, 1]
    assert all(not r.ok and "cannot load the pipeline" in r.error and "nowhere" in r.error for r in results)


def test_dask_producer_hands_back_the_callers_articles(client, seed_text):
    pytest.importorskip("attribution.run.batch")
    articles = [Article(name=f"q{k}.txt", stem=f"q{k}", text=t) for k, t in enumerate(seed_pieces(seed_text)[:2])]
    pairs = list(dask_producer(client, batch_size=4, threads=None, timeout=120)(iter(articles)))
    assert len(pairs) == 2 and all(a is b for (a, _), b in zip(pairs, articles))
    assert pairs[0][1].input.name == "q0.txt"


def test_an_unreachable_scheduler_is_one_clear_error_before_any_input_is_read():
    read = []

    def items():
        read.append(1)
        yield "نص"

    with pytest.raises(DaskUnavailableError) as err:
        dask_producer("tcp://127.0.0.1:9", connect_timeout=1)  # port 9 (discard): nothing listens
    assert "tcp://127.0.0.1:9" in str(err.value) and "\n" not in str(err.value)
    with pytest.raises(DaskUnavailableError):
        next(extract_dask(items(), "tcp://127.0.0.1:9", connect_timeout=1))
    assert read == []


def test_cli_extract_on_the_cluster_matches_in_process(cluster, tmp_path, seed_text):
    """`attribution extract --dask ADDRESS`: the same claims as a plain run, in input order."""
    import json

    from click.testing import CliRunner

    from attribution.cli import main
    pieces = seed_pieces(seed_text)[:2]
    for n, piece in enumerate(pieces):
        (tmp_path / f"{n}.txt").write_text(piece, encoding="utf-8")
    runner = CliRunner()
    plain = runner.invoke(main, ["extract", str(tmp_path), "--format", "jsonl", "-q"])
    on_dask = runner.invoke(main, ["extract", str(tmp_path), "--format", "jsonl", "-q", "--dask",
                                   cluster.scheduler_address])
    assert plain.exit_code == 0 and on_dask.exit_code == 0, on_dask.output
    docs = [json.loads(line) for line in on_dask.output.splitlines()]
    assert [d["input"]["name"] for d in docs] == ["0.txt", "1.txt"]
    assert on_dask.output == plain.output
