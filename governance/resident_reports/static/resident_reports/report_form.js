// 我要反映: previews of the chosen photos, "use my location", contact fields hidden when
// anonymous. The form works without this script; nothing here is needed to send a report.
(function () {
  "use strict";
  var form = document.querySelector("[data-report-form]");
  if (!form) return;

  var photos = form.querySelector('input[type="file"]');
  var previews = form.querySelector("[data-previews]");
  if (photos && previews && window.URL) {
    photos.addEventListener("change", function () {
      previews.textContent = "";
      var most = Number(photos.getAttribute("data-max-files")) || 3;
      if (photos.files.length > most) {
        var warning = document.createElement("p");
        warning.className = "field__error";
        warning.textContent = "最多 " + most + " 张照片，请重新选择。";
        previews.appendChild(warning);
        return;
      }
      Array.prototype.slice.call(photos.files, 0, most).forEach(function (file) {
        if (!/^image\/(jpeg|png|webp)$/.test(file.type)) return;
        var image = document.createElement("img");
        image.alt = file.name;
        image.src = URL.createObjectURL(file);
        previews.appendChild(image);
      });
    });
  }

  var locate = form.querySelector("[data-locate]");
  if (locate && navigator.geolocation) {
    locate.hidden = false;
    var status = locate.querySelector("[data-locate-status]");
    locate.querySelector("[data-locate-button]").addEventListener("click", function () {
      status.textContent = "正在获取位置…";
      navigator.geolocation.getCurrentPosition(
        function (position) {
          form.querySelector('[name="latitude"]').value = position.coords.latitude.toFixed(6);
          form.querySelector('[name="longitude"]').value = position.coords.longitude.toFixed(6);
          status.textContent = "已附上您的位置。";
        },
        function () {
          status.textContent = "没有取得位置，请填写楼栋或地址。";
        },
        { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 }
      );
    });
  }

  // “附近已有人反映过类似问题”: once a grid and a kind are chosen, the open reports like it.
  var similar = form.querySelector("[data-similar]");
  var gridChoice = form.querySelector('[name="grid"]');
  var categoryChoice = form.querySelector('[name="category"]');
  if (similar && gridChoice && categoryChoice && window.fetch) {
    // Only the answer to the latest choice is shown: an earlier one may arrive after it.
    var asked = 0;
    var askSimilar = function () {
      var question = ++asked;
      similar.hidden = true;
      if (!gridChoice.value || !categoryChoice.value) return;
      var query = "?grid=" + encodeURIComponent(gridChoice.value) +
        "&category=" + encodeURIComponent(categoryChoice.value);
      fetch(similar.getAttribute("data-similar-url") + query, { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { similar: [] }; })
        .then(function (answer) {
          if (question !== asked) return;
          similar.textContent = "";
          if (!answer.similar.length) return;
          var heading = document.createElement("p");
          heading.textContent = "附近已有人反映过类似问题（网格员已在处理，您仍可以提交）：";
          var list = document.createElement("ul");
          answer.similar.forEach(function (report) {
            var item = document.createElement("li");
            item.textContent = report.number + " · " + report.state + " · " + report.reported_on;
            list.appendChild(item);
          });
          similar.appendChild(heading);
          similar.appendChild(list);
          similar.hidden = false;
        })
        .catch(function () { similar.hidden = true; });
    };
    gridChoice.addEventListener("change", askSimilar);
    categoryChoice.addEventListener("change", askSimilar);
    // The script is deferred: a grid and kind chosen before it ran (or kept from a form sent
    // back with an error) are asked about now.
    askSimilar();
  }

  // One tap sends it once: the button waits while the photos go up (the server files a
  // form posted twice only once, too).
  var send = form.querySelector('button[type="submit"]');
  if (send) {
    form.addEventListener("submit", function () {
      window.setTimeout(function () {
        send.disabled = true;
        send.textContent = "正在提交…";
      }, 0);
    });
  }

  var anonymous = form.querySelector('[name="anonymous"]');
  var contact = form.querySelector("[data-contact]");
  if (anonymous && contact) {
    var toggle = function () { contact.hidden = anonymous.checked; };
    anonymous.addEventListener("change", toggle);
    toggle();
  }
})();
