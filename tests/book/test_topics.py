"""Every topic of the syllabus (the seed's terms, algorithms and code examples) has its page."""

import html
import re
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.book
REPO = Path(__file__).resolve().parents[2]
HTML = REPO / "_build" / "html"

# topic -> (page, words the built page must contain: the English term and the seed's Chinese term)
TOPICS = {
    "neural network": ("book/neural-networks", ["neural network", "神经网络"]),
    "multilayer perceptron": ("book/neural-networks", ["multilayer perceptron", "多层感知机"]),
    "activation function": ("book/neural-networks", ["activation function", "激活函数"]),
    "loss function": ("book/neural-networks", ["loss function", "损失函数", "exponential loss"]),
    "backpropagation": ("book/backprop", ["backpropagation", "反向传播"]),
    "optimizer": ("book/optimization", ["optimizer", "优化器", "Adam", "Nesterov", "Adagrad", "RMSProp"]),
    "stochastic gradient descent": ("book/optimization", ["stochastic gradient descent", "随机梯度下降"]),
    "learning-rate decay": ("book/optimization", ["cosine", "warm-up", "学习率衰减"]),
    "bias-variance trade-off": ("book/generalization", ["bias", "variance", "偏差", "方差"]),
    "batch normalization": ("book/batch-norm", ["batch normalization", "批标准化"]),
    "convolutional network": ("book/cnn", ["convolution", "卷积神经网络", "im2col", "receptive field"]),
    "recurrent network": ("book/rnn", ["recurrent", "循环神经网络", "through time"]),
    "Elman network": ("book/rnn", ["Elman"]),
    "Jordan network": ("book/rnn", ["Jordan"]),
    "LSTM": ("book/lstm-gru", ["LSTM", "forget gate"]),
    "GRU": ("book/lstm-gru", ["GRU", "update gate", "reset gate"]),
    "autoencoder": ("book/autoencoders-vae", ["autoencoder", "自动编码器"]),
    "variational autoencoder": ("book/autoencoders-vae", ["ELBO", "reparameter"]),
    "deep belief network": ("book/dbn", ["deep belief network", "深度信念网络", "contrastive divergence"]),
    "TensorFlow, Keras and PyTorch XOR examples": ("book/frameworks", ["TensorFlow", "Keras", "PyTorch", "XOR"]),
    "glossary": ("book/glossary", ["术语表"]),
}


def toc_files() -> set[str]:
    toc = yaml.safe_load((REPO / "_toc.yml").read_text())
    files = {toc["root"]}
    for part in toc.get("parts", []):
        files |= {chapter["file"] for chapter in part["chapters"]}
    return files


def page_text(page: str) -> str:
    raw = (HTML / f"{page}.html").read_text(encoding="utf-8")
    return html.unescape(re.sub(r"<[^>]+>", " ", raw))


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_topic_has_its_page(topic):
    page, words = TOPICS[topic]
    assert page in toc_files(), f"{page} is not in _toc.yml"
    assert (HTML / f"{page}.html").is_file(), f"{page} was not built"
    text = page_text(page).lower()
    assert not [w for w in words if w.lower() not in text]


def test_glossary_defines_every_seed_term():
    text = page_text("book/glossary")
    for term in ["神经网络", "反向传播", "损失函数", "激活函数", "优化器", "多层感知机", "随机梯度下降", "学习率衰减",
                 "批标准化", "自动编码器", "循环神经网络", "卷积神经网络", "Elman", "Jordan", "LSTM", "GRU", "变分自编码器",
                 "深度信念网络"]:
        assert term in text, term
